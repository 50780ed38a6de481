#!/usr/bin/env python3
"""Tests of tools/rp2040_boot2.py, the RP2040 boot ROM's checksum of the second-stage boot
loader (board/rpi-pico/boot2.S).

The checksum is computed here a second way, bit by bit from the datasheet's parameters
(polynomial 0x04c11db7, initial value 0xffffffff, no reflection, no final xor), and both are
held to the published check value of that CRC (CRC-32/MPEG-2 of "123456789": 0x0376e6e7).
Then the tool runs on a real link of boot2.S (arm-none-eabi-gcc) and must leave a block the
boot ROM accepts, which --check confirms and refuses once a byte is changed.

Output: `ok - <case>` or `not ok - <case>: <why>` per case, then `N passed, N failed`; exit
status 1 if any case failed. Python 3.9+, standard library only.
"""
import os
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TOOL = os.path.join(REPO, "tools", "rp2040_boot2.py")
sys.path.insert(0, os.path.join(REPO, "tools"))
sys.dont_write_bytecode = True  # nothing written into tools/
import rp2040_boot2  # noqa: E402  (the module under test)

CROSS = "arm-none-eabi-"


from caserun import CaseFailed, run_cases  # noqa: E402  (tests/boards/caserun.py)


def bitwise_crc(data):
    """The datasheet's CRC-32, one bit at a time: MSB first, no table."""
    crc = 0xFFFFFFFF
    for byte in data:
        for bit in range(7, -1, -1):
            top = (crc >> 31) ^ ((byte >> bit) & 1)
            crc = (crc << 1) & 0xFFFFFFFF
            if top:
                crc ^= 0x04C11DB7
    return crc


def case_check_value_of_the_crc_catalogue(tmp):
    for name, fn in (("tool", rp2040_boot2.crc32_boot2), ("bitwise", bitwise_crc)):
        got = fn(b"123456789")
        if got != 0x0376E6E7:
            raise CaseFailed(f"{name}: CRC of '123456789' is 0x{got:08x}, not 0x0376e6e7")


def case_tool_agrees_with_the_bitwise_crc(tmp):
    blocks = [bytes(252), bytes([0xFF]) * 252, bytes(range(252)),
              bytes((i * 37 + 11) & 0xFF for i in range(252)), b"\x01"]
    for block in blocks:
        if rp2040_boot2.crc32_boot2(block) != bitwise_crc(block):
            raise CaseFailed(f"differs on {block[:8].hex()}...")


def case_seal_puts_the_crc_of_252_bytes_little_endian_last(tmp):
    block = bytes((i * 7) & 0xFF for i in range(256))
    out = rp2040_boot2.sealed(block)
    if out[:252] != block[:252] or out[252:] != bitwise_crc(block[:252]).to_bytes(4, "little"):
        raise CaseFailed(f"last word {out[252:].hex()}")


def case_seal_refuses_a_block_that_is_not_256_bytes(tmp):
    for n in (252, 255, 257, 512):
        try:
            rp2040_boot2.sealed(bytes(n))
        except ValueError:
            continue
        raise CaseFailed(f"took {n} bytes")


def link_boot2(tmp):
    """boot2.S linked alone at 0x10000000, with a stand-in for the vector table after it."""
    obj, elf = os.path.join(tmp, "boot2.o"), os.path.join(tmp, "boot2.elf")
    for cmd in ([CROSS + "gcc", "-mcpu=cortex-m0plus", "-mthumb", "-c",
                 os.path.join(REPO, "board", "rpi-pico", "boot2.S"), "-o", obj],
                [CROSS + "ld", "-Ttext=0x10000000", "--section-start=.boot2=0x10000000",
                 "--defsym=vector_table=0x10000100", "-e", "0x10000000", obj, "-o", elf]):
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            raise CaseFailed(f"{' '.join(cmd)}: {out.stderr.strip()}")
    return elf


def section(elf, tmp):
    path = os.path.join(tmp, "got.bin")
    subprocess.run([CROSS + "objcopy", "-O", "binary", "--only-section=.boot2", elf, path],
                   check=True)
    with open(path, "rb") as fh:
        return fh.read()


def tool(*args):
    return subprocess.run([sys.executable, TOOL, *args], capture_output=True, text=True)


def case_boot2_linked_then_sealed_passes_the_boot_rom_check(tmp):
    elf = link_boot2(tmp)
    if tool("--check", elf).returncode == 0:
        raise CaseFailed("--check accepted the unsealed block (its CRC word is 0)")
    out = tool(elf)
    if out.returncode != 0:
        raise CaseFailed(f"sealing failed: {out.stderr.strip()}")
    block = section(elf, tmp)
    if len(block) != 256:
        raise CaseFailed(f".boot2 is {len(block)} bytes")
    if int.from_bytes(block[252:], "little") != bitwise_crc(block[:252]):
        raise CaseFailed("the word at 252 is not the CRC of bytes 0-251")
    if tool("--check", elf).returncode != 0:
        raise CaseFailed("--check refused the sealed block")


def case_check_refuses_a_changed_byte(tmp):
    elf = link_boot2(tmp)
    if tool(elf).returncode != 0:
        raise CaseFailed("sealing failed")
    block = bytearray(section(elf, tmp))
    block[10] ^= 0x01
    bad = os.path.join(tmp, "bad.bin")
    with open(bad, "wb") as fh:
        fh.write(block)
    subprocess.run([CROSS + "objcopy", f"--update-section=.boot2={bad}", elf], check=True)
    out = tool("--check", elf)
    if out.returncode != 1 or "checksum" not in out.stderr:
        raise CaseFailed(f"status {out.returncode}: {out.stderr.strip()}")


CASES = [v for k, v in list(globals().items()) if k.startswith("case_")]


def main(argv):
    return run_cases(CASES, argv, "boot2-test-")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
