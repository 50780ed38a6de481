/*
 * tests/qemu/pmsav8_edges/edges.h - what the judge, the probing task and its neighbours share:
 * the probes the judge orders (qctl.h) and where the neighbours keep their canaries.
 */
#ifndef TESTS_QEMU_PMSAV8_EDGES_H
#define TESTS_QEMU_PMSAV8_EDGES_H

#include "system.h"

/* The probes edge carries out, one per order (op; a is the address). Each touches one
 * location once, with one access of its width, so a fault names exactly that address. */
enum probe_op {
    PROBE_READ8 = 1,  /* read the byte at a; reports it */
    PROBE_WRITE8 = 2, /* write the byte b at a */
    PROBE_RW8 = 3,    /* flip the byte at a, read it back, put it back; reports what flipped */
    PROBE_READ32 = 4, /* read the word at a (a device register); reports it */
    PROBE_MAP = 5,    /* map its first page into window 0; reports the page's address */
};

/* A board.ini peripheral of the MPS2 family is 4K (board/mps2-an505/board.ini). */
#define DEVICE_SIZE 0x1000u

/* below's canary: its last word, so that its last byte is the word's top byte. above's: its
 * first word (the bottom of its stack, which never grows that deep). */
#define BELOW_CANARY_ADDR  (TASK_BELOW_RAM_BASE + TASK_BELOW_RAM_SIZE - 4u)
#define ABOVE_CANARY_ADDR  TASK_ABOVE_RAM_BASE
#define BELOW_CANARY_VALUE 0xb3107ca5u
#define ABOVE_CANARY_VALUE 0xab0e7ca5u

#endif
