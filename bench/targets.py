"""How every benchmark prints its figures: one line per target with its ratio, then `bench: K of M targets met`."""

from __future__ import annotations

TARGET_CHILDREN = 10_000


def print_targets(targets: list[tuple[str, float, float, str]], *, children: int | None = None) -> int:
    """Print ``(label, value, target, unit)`` lines and the closing count; return how many were met."""
    met = 0
    for label, value, target, unit in targets:
        ok = value <= target
        met += ok
        shown = f"{value:.2f}" if unit == "x" else f"{value:.1f} {unit}"
        limit = f"{target:g}" if unit == "x" else f"{target:.0f} {unit}"
        print(f"{label}: {shown} (target <= {limit}, ratio {value / target:.2f}) {'met' if ok else 'NOT MET'}")
    if children is not None and children != TARGET_CHILDREN:
        print(f"note: run on {children:,} children, not the {TARGET_CHILDREN:,} the targets are set for")
    print(f"bench: {met} of {len(targets)} targets met")
    return met
