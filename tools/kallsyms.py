#!/usr/bin/env python3
"""Turn `nm -n -S` output of the first link pass into the .kallsyms section (assembly).

Layout read by kernel/kallsyms.c: u64 count; count entries of {u64 addr, u32 size, u32 name
offset}, sorted by address; then the NUL-terminated names."""
import sys

KEEP = set("TtWw")  # code symbols: what backtraces and %pS name


def main():
    syms = []
    for line in sys.stdin:
        parts = line.split()
        if len(parts) == 4:
            addr, size, kind, name = parts
            size = int(size, 16)
        elif len(parts) == 3:
            addr, kind, name = parts
            size = 0
        else:
            continue
        if kind not in KEEP or name.startswith(".L"):
            continue
        syms.append([int(addr, 16), size, name])
    # Where several symbols share an address (a linker marker such as _text and the function
    # placed there), keep the one with a size: backtraces should name the function.
    syms.sort(key=lambda s: (s[0], -s[1]))
    syms = [s for i, s in enumerate(syms) if i == 0 or syms[i - 1][0] != s[0]]
    # Assembly labels carry no size: let them reach up to the next symbol.
    for i, s in enumerate(syms):
        if s[1] == 0 and i + 1 < len(syms):
            s[1] = syms[i + 1][0] - s[0]
    out = ['\t.section .kallsyms,"a"', "\t.balign 8", f"\t.quad {len(syms)}"]
    names, off = [], 0
    for addr, size, name in syms:
        out.append(f"\t.quad 0x{addr:x}\n\t.long {min(size, 0xffffffff)}, {off}")
        names.append(name)
        off += len(name) + 1
    out += [f'\t.asciz "{n}"' for n in names]
    print("\n".join(out))


if __name__ == "__main__":
    main()
