; Inno Setup 6 script: a per-user install of the one-folder build, with a Start-menu entry and an uninstaller.
;
; Build the app first on Windows (make installer, or: pyinstaller --noconfirm --clean installer\gcp-desk.spec), then:
;   iscc /DAppVersion=0.1.0 installer\windows\gcp-desk.iss
; which writes dist\GCP-Desk-0.1.0-setup.exe. installer\README.md says how the executables and the setup are signed.
;
; Per user: no administrator rights are needed, and the app goes to %LOCALAPPDATA%\Programs\GCP Desk. The records
; live elsewhere (%LOCALAPPDATA%\GCP Desk\GCP Desk), and the uninstaller leaves them where they are: removing the
; program must never remove case records. IT deploying for every user can run the setup with /ALLUSERS from an
; administrator's account instead.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "GCP Desk"
#define BuildDir "..\..\dist\gcp-desk"

[Setup]
AppId={{39A15B0E-453A-46DD-A266-0D4B326326F7}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=GCP Desk developers
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=GCP-Desk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\gcp-desk.ico
UninstallDisplayIcon={app}\gcp-desk-app.exe
UninstallDisplayName={#AppName}
LicenseFile=..\..\LICENSE.txt
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes
; Signing: set up a sign tool named "signtool" in the IDE or with iscc /S"signtool=..." (see installer\README.md);
; then uncomment to sign the setup and the uninstaller.
; SignTool=signtool
; SignedUninstaller=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Let the command line find gcp-desk (add it to my PATH)"; Flags: unchecked

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\gcp-desk-app.exe"; Comment: "Grade a child's care across six neglect domains and follow it over time"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\gcp-desk-app.exe"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\gcp-desk.exe"; Parameters: "--self-test"; StatusMsg: "Checking the installed program..."; Flags: runhidden waituntilterminated; Check: WantSelfTest
Filename: "{app}\gcp-desk-app.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself wrote beside it. The data folder is never listed here.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Messages]
UninstalledAll=%1 was removed from your computer. Your records, backups and settings were kept in your data folder (%LOCALAPPDATA%\GCP Desk), so a later install finds them again.

[Code]
function NeedsAddPath(Folder: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Current) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Current) + ';') = 0;
end;

function WantSelfTest: Boolean;
begin
  { IT may pass /SELFTEST to check the install as it is made; the result is in the log folder. }
  Result := Pos('/SELFTEST', Uppercase(GetCmdTail)) > 0;
end;
