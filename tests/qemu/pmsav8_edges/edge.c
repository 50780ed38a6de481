/*
 * tests/qemu/pmsav8_edges/edge.c - the task whose regions' edges are probed: an actor of the
 * judge (tests/qemu/harness/qctl.h) that carries out one probe per order (edges.h) and
 * reports what it read. A probe outside its regions must fault it before it reports; the
 * judge then restarts it, and it says hello again.
 */
#include "../harness/qctl.h"
#include "edges.h"

int edge_main(void);

static struct qc_order probe(struct qc_order o)
{
    volatile uint8_t *byte = (volatile uint8_t *)(uintptr_t)o.a;
    switch (o.op) {
    case PROBE_READ8:
        return qc_next(PL_OK, *byte, 0, 0, 0);
    case PROBE_WRITE8:
        *byte = (uint8_t)o.b;
        return qc_next(PL_OK, 0, 0, 0, 0);
    case PROBE_RW8: {
        uint8_t was = *byte;
        *byte = (uint8_t)~was;
        uint8_t now = *byte;
        *byte = was; /* the byte may be in use (the bottom of the stack, the heap's end) */
        return qc_next(PL_OK, (uint8_t)(now ^ was), 0, 0, 0);
    }
    case PROBE_READ32:
        return qc_next(PL_OK, *(volatile uint32_t *)(uintptr_t)o.a, 0, 0, 0);
    case PROBE_MAP: {
        void *addr = 0;
        int err = pl_shm_map(PAGE_EDGE_0, 0, &addr);
        return qc_next(err, (uint32_t)(uintptr_t)addr, 0, 0, 0);
    }
    default:
        return qc_next(PL_EINVAL, o.op, 0, 0, 0);
    }
}

int edge_main(void)
{
    qc_serve(probe);
}
