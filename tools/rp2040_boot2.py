#!/usr/bin/env python3
"""The RP2040 boot ROM's checksum of the second-stage boot loader, written into a linked image.

    tools/rp2040_boot2.py [--objcopy PROG] ELF          write the checksum into ELF's .boot2
    tools/rp2040_boot2.py [--objcopy PROG] --check ELF  exit 1 unless it is already right

The boot ROM reads the first 256 bytes of flash and runs them only if their last four bytes,
as a little-endian word, are the CRC-32 of the first 252 with polynomial 0x04c11db7, initial
value 0xffffffff, neither input nor output reflected and no final xor (RP2040 Datasheet,
"Boot sequence", the flash second stage's checksum). board/rpi-pico/boot2.S leaves that word
0; its board.mk runs this on every linked image (BOARD_POSTLINK), before the .bin and .hex are
made from it. The section is read and replaced with objcopy, so its address and the ELF's
program headers stay as the link made them. tests/boards/test_rp2040_boot2.py tests it.
"""
import argparse
import os
import subprocess
import sys
import tempfile

SECTION = ".boot2"
SIZE = 256       # what the boot ROM copies
CHECKED = 252    # what the checksum covers; the checksum is the rest
POLY = 0x04C11DB7


def _table():
    """CRC-32 (MSB first) of each byte value: the usual table for one byte at a time."""
    table = []
    for byte in range(256):
        crc = byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ POLY if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
        table.append(crc)
    return table


TABLE = _table()


def crc32_boot2(data):
    """The boot ROM's CRC-32 of data (bytes)."""
    crc = 0xFFFFFFFF
    for b in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ TABLE[(crc >> 24) ^ b]
    return crc


def sealed(block):
    """block (256 bytes) with its last word set to the checksum of the first 252."""
    if len(block) != SIZE:
        raise ValueError(f"{SECTION} is {len(block)} bytes; the boot ROM takes exactly {SIZE}")
    return block[:CHECKED] + crc32_boot2(block[:CHECKED]).to_bytes(4, "little")


def read_section(objcopy, elf, tmp):
    path = os.path.join(tmp, "boot2.bin")
    subprocess.run([objcopy, "-O", "binary", f"--only-section={SECTION}", elf, path],
                   check=True, capture_output=True, text=True)
    with open(path, "rb") as fh:
        return fh.read()


def main(argv):
    ap = argparse.ArgumentParser(description="the RP2040 boot ROM's checksum of .boot2")
    ap.add_argument("--objcopy", default="arm-none-eabi-objcopy")
    ap.add_argument("--check", action="store_true", help="only check the checksum")
    ap.add_argument("elf")
    args = ap.parse_args(argv[1:])
    with tempfile.TemporaryDirectory(prefix="boot2-") as tmp:
        try:
            block = read_section(args.objcopy, args.elf, tmp)
            want = sealed(block)
        except (subprocess.CalledProcessError, OSError, ValueError) as e:
            detail = getattr(e, "stderr", "") or str(e)
            print(f"rp2040_boot2: {args.elf}: {detail.strip()}", file=sys.stderr)
            return 1
        if args.check:
            if block != want:
                print(f"rp2040_boot2: {args.elf}: {SECTION} checksum is "
                      f"0x{int.from_bytes(block[CHECKED:], 'little'):08x}, the boot ROM "
                      f"wants 0x{crc32_boot2(block[:CHECKED]):08x}", file=sys.stderr)
                return 1
            return 0
        path = os.path.join(tmp, "sealed.bin")
        with open(path, "wb") as fh:
            fh.write(want)
        out = subprocess.run([args.objcopy, f"--update-section={SECTION}={path}", args.elf],
                             capture_output=True, text=True)
        if out.returncode != 0:
            print(f"rp2040_boot2: {args.elf}: {out.stderr.strip()}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
