#!/bin/sh
# Install the one-folder build for the current user: the app in ~/.local/lib/gcp-desk, the two commands in
# ~/.local/bin, the menu entry and the icons in ~/.local/share. Run from the unpacked folder's parent, or give the
# folder: installer/linux/install.sh dist/gcp-desk. Uninstall with --uninstall (the data folder is kept).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-dist/gcp-desk}
prefix=${PREFIX:-$HOME/.local}
if [ "$build" = "--uninstall" ]; then
  rm -rf "$prefix/lib/gcp-desk" "$prefix/bin/gcp-desk" "$prefix/bin/gcp-desk-app" \
    "$prefix/share/applications/gcp-desk.desktop"
  find "$prefix/share/icons/hicolor" -name 'gcp-desk.*' -delete 2>/dev/null || true
  echo "GCP Desk removed. Your data folder (~/.local/share/GCP Desk) was kept."
  exit 0
fi
[ -x "$build/gcp-desk" ] || { echo "no build at $build (make installer makes dist/gcp-desk)" >&2; exit 2; }
icons="$here/../../resources/icons"
[ -d "$icons" ] || icons="$build/_internal/gcp_desk/resources/icons"
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications"
rm -rf "$prefix/lib/gcp-desk"
cp -a "$build" "$prefix/lib/gcp-desk"
ln -sf "$prefix/lib/gcp-desk/gcp-desk" "$prefix/bin/gcp-desk"
ln -sf "$prefix/lib/gcp-desk/gcp-desk-app" "$prefix/bin/gcp-desk-app"
sed "s|^Exec=gcp-desk-app|Exec=$prefix/bin/gcp-desk-app|; s|^TryExec=gcp-desk-app|TryExec=$prefix/bin/gcp-desk-app|" \
  "$here/gcp-desk.desktop" > "$prefix/share/applications/gcp-desk.desktop"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$prefix/share/icons/hicolor/${size}x${size}/apps"
  cp "$icons/gcp-desk-$size.png" "$prefix/share/icons/hicolor/${size}x${size}/apps/gcp-desk.png"
done
mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
cp "$icons/gcp-desk.svg" "$prefix/share/icons/hicolor/scalable/apps/gcp-desk.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" || true
"$prefix/bin/gcp-desk" --version
echo "GCP Desk installed: the menu has it under Office; 'gcp-desk' runs the commands."
