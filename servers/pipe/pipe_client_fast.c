/*
 * servers/pipe/pipe_client_fast.c - the fast data path's client side (pipe_client.h,
 * pipe_client_fast_use): one pipe end of this task at a time moves its bytes through a ring in
 * a page the pipe server lends (docs/ipc-catalogue.md, "The fast data path").
 *
 * The first read or write of a descriptor after pipe_client_fast_use() asks the server
 * (PIPE_OP_FAST). "Not yet" (the other end has not asked) leaves the descriptor on the server
 * path until the server answers one of its reads or writes PIPE_REPLY_FAST; "never" (a FIFO,
 * several ends, no page free) is remembered so that it is not asked again. Once the page is
 * mapped and its ring attached (which checks it), reads and writes are loads and stores with
 * the index protocol of pipe_ring.h; an end that must wait sets its flag and waits on its own
 * notification bit, which the other end sets when it sees the flag. A wait that lasts
 * PIPE_FAST_CHECK_TICKS asks the server whether the peer still lives (the server closes a dead
 * peer's end, and the page's ends word then says end of file or broken pipe), so no wait is
 * endless.
 *
 * A server that stops leaves the page with the two ends (PL_SHM_KEEP) and the kernel tells
 * them (docs/ipc.md, "Kept grants"): a word of the task's poll mirror changes, and a
 * notification wait it is in ends with PL_EDEAD. Every read and write compares that word with
 * the one the active end last saw; when it moved, it asks the server first
 * (PIPE_OP_FAST_CHECK), so the first read or write after a server restart answers PL_EBADF
 * (never bytes through the old page), and a sleeper does the same at once.
 *
 * Nothing read from the page is trusted: pipe_ring checks every index, the ring's size is the
 * one checked when attaching; a peer that spoils the page gets this end an error (PL_ESTATE),
 * never an access outside the page.
 */
#include "parley.h"
#include "pipe_client.h"
#include "pipe_ring.h"
#include "system.h"

enum pf_state {
    PF_OFF,     /* pipe_client_fast_use not called */
    PF_FREE,    /* no descriptor on the fast path or waiting for it */
    PF_PENDING, /* sfd asked; the other end has not yet */
    PF_ACTIVE,  /* sfd's bytes go through the page */
    PF_CLOSING, /* sfd's page is unmapped, the close is with the server */
};

static struct {
    enum pf_state state;
    uint32_t window, ntfn, bit;
    int sfd;
    enum pipe_end end;
    struct pipe_ring_view v;
    uint32_t peer_ntfn, peer_bits;
    uint32_t refused; /* bit (sfd % 32): the server said "never" for that descriptor */
    uint32_t skip;    /* bit (sfd % 32): pipe_client.c need not call here (pf_hint) */
    uint32_t lost;    /* the mirror's word of lost pages when the server last said "good" */
} pf;

static uint32_t pf_bit(int sfd)
{
    return 1u << ((uint32_t)sfd & 31u); /* descriptors of one instance differ in the low bits */
}

/* Which descriptors cannot be on the fast path now, for pipe_client.c to skip the call: all
 * but the active one, all while one is pending or closing, the refused ones while none is.
 * A descriptor that shares the active one's bit only costs a call that answers NOT_FAST. */
static void pf_hint(void)
{
    pf.skip = pf.state == PF_ACTIVE ? ~pf_bit(pf.sfd) : pf.state == PF_FREE ? pf.refused : ~0u;
}

/* Ask the server for sfd's page: PL_OK with the page mapped and its ring attached, PL_EAGAIN
 * (not yet), or another error (never). */
static int pf_ask(int sfd)
{
    struct pl_recvd rep;
    uint32_t lost = pl_shm_lost(); /* before the map: a loss from here on is seen */
    int err = pipe_client_request(PIPE_OP_FAST, sfd, PIPE_FAST_HOW(pf.ntfn, pf.bit), &rep);
    if (err != PL_OK) {
        return err;
    }
    void *addr;
    uint32_t end = rep.w0 >> 16;
    if (end > PIPE_WRITE_END || pl_shm_map(rep.w0 & 0xffffu, pf.window, &addr) != PL_OK ||
        pipe_ring_attach(&pf.v, addr, PAGE_SIZE) != PL_OK) {
        (void)pl_shm_unmap(pf.window);
        return PL_ESTATE;
    }
    pf.end = (enum pipe_end)end;
    pf.peer_ntfn = PIPE_FAST_NTFN(rep.w1);
    pf.peer_bits = 1u << PIPE_FAST_BIT(rep.w1);
    pf.sfd = sfd;
    pf.lost = lost;
    pf.state = PF_ACTIVE;
    return PL_OK;
}

/* Ask the server about the active end sfd (PIPE_OP_FAST_CHECK: it also closes a dead peer's
 * end): PL_OK, and no page lost up to now needs asking again; or PL_EBADF after its restart. */
static int pf_ask_server(int sfd)
{
    uint32_t now = pl_shm_lost(); /* before asking: a loss meanwhile is seen next time */
    struct pl_recvd rep;
    int err = pipe_client_request(PIPE_OP_FAST_CHECK, sfd, 0, &rep);
    if (err == PL_OK) {
        pf.lost = now;
    }
    return err;
}

/* PL_OK, unless a page was lost since the active end sfd last looked and the server (asked
 * then, once) no longer knows sfd. */
static int pf_check(int sfd)
{
    return pf.lost == pl_shm_lost() ? PL_OK : pf_ask_server(sfd);
}

/* Is sfd on the fast path (asking the server the first time)? */
static int pf_mine(int sfd)
{
    if (pf.state == PF_ACTIVE) {
        return pf.sfd == sfd;
    }
    if (pf.state != PF_FREE || (pf.refused & pf_bit(sfd))) {
        return 0;
    }
    int err = pf_ask(sfd);
    if (err == PL_EAGAIN) {
        pf.state = PF_PENDING;
        pf.sfd = sfd;
    } else if (err != PL_OK) {
        pf.refused |= pf_bit(sfd);
    }
    pf_hint();
    return err == PL_OK;
}

static int pf_switched(int sfd)
{
    if (pf.state == PF_ACTIVE && pf.sfd == sfd) {
        return PL_OK;
    }
    if (pf.state != PF_FREE && !(pf.state == PF_PENDING && pf.sfd == sfd)) {
        return PL_ESTATE; /* another descriptor has the window */
    }
    pf.state = PF_FREE;
    int err = pf_ask(sfd);
    pf_hint();
    return err == PL_EAGAIN ? PL_ESTATE : err;
}

static void pf_wake_peer(void)
{
    (void)pl_ntfn_signal(pf.peer_ntfn, pf.peer_bits);
}

/* Sleep until the peer signals, if the ring still says so after the flag is up; a long wait
 * asks the server about the peer. PL_OK to look again, or an error. */
static int pf_sleep(int sfd, uint32_t need)
{
    int may = pf.end == PIPE_READ_END ? pipe_ring_reader_prepare_sleep(&pf.v)
                                      : pipe_ring_writer_prepare_sleep(&pf.v, need);
    if (!may) {
        return PL_OK;
    }
    uint32_t bits;
    int err = pl_ntfn_wait(pf.ntfn, 1u << pf.bit, &bits, PIPE_FAST_CHECK_TICKS);
    if (pf.end == PIPE_READ_END) {
        pipe_ring_reader_woken(&pf.v);
    } else {
        pipe_ring_writer_woken(&pf.v);
    }
    if (err == PL_ETIMEDOUT) {
        return pf_ask_server(sfd);
    }
    return err == PL_OK || err == PL_EDEAD ? pf_check(sfd) : err; /* PL_EDEAD: a page lost */
}

static int pf_read(int sfd, void *buf, size_t cap, enum pipe_client_flag flag)
{
    if (!pf_mine(sfd)) {
        return PIPE_CLIENT_NOT_FAST;
    }
    if (pf.end != PIPE_READ_END) {
        return PL_EBADF;
    }
    int err = pf_check(sfd);
    if (err != PL_OK) {
        return err;
    }
    uint32_t want = cap < PIPE_RING_MAX_DATA ? (uint32_t)cap : PIPE_RING_MAX_DATA;
    if (want == 0) {
        return 0;
    }
    for (;;) {
        int n = pipe_ring_get(&pf.v, buf, want);
        if (n == 0 && (pipe_ring_ends(&pf.v) & PIPE_RING_NO_WRITER)) {
            n = pipe_ring_get(&pf.v, buf, want); /* bytes published before the end went */
            if (n == 0) {
                return 0; /* end of file */
            }
        }
        if (n > 0 && pipe_ring_should_signal_writer(&pf.v)) {
            pf_wake_peer();
        }
        if (n != 0) {
            return n; /* bytes, or PL_ESTATE: the page was spoilt */
        }
        if (flag == PIPE_CLIENT_NONBLOCK) {
            return PL_EAGAIN;
        }
        err = pf_sleep(sfd, 0);
        if (err != PL_OK) {
            return err;
        }
    }
}

static int pf_write(int sfd, const void *buf, size_t len, enum pipe_client_flag flag)
{
    if (!pf_mine(sfd)) {
        return PIPE_CLIENT_NOT_FAST;
    }
    if (pf.end != PIPE_WRITE_END) {
        return PL_EBADF;
    }
    int err = pf_check(sfd);
    if (err != PL_OK) {
        return err;
    }
    const uint8_t *p = buf;
    size_t done = 0;
    enum pipe_ring_fill fill = len <= PIPE_ATOMIC ? PIPE_RING_WHOLE : PIPE_RING_PARTIAL;
    while (done < len) {
        if (pipe_ring_ends(&pf.v) & PIPE_RING_NO_READER) {
            /* the server answers PL_EPIPE and sends SIGPIPE, as for any pipe */
            return done > 0 ? (int)done : PIPE_CLIENT_NOT_FAST;
        }
        uint32_t left =
            len - done < PIPE_RING_MAX_DATA ? (uint32_t)(len - done) : PIPE_RING_MAX_DATA;
        int room = pipe_ring_room(&pf.v);
        uint32_t need = fill == PIPE_RING_WHOLE ? (uint32_t)len : (left < 4u ? left : 4u);
        if (fill == PIPE_RING_PARTIAL && room >= 0 && (uint32_t)room < left) {
            left = (uint32_t)room & ~3u; /* whole words while at least one fits: the ring's and
                                          * the buffer's offsets stay aligned (memcpy copies
                                          * words, not bytes) */
        }
        int n = room < 0 ? room : left == 0 ? 0 : pipe_ring_put(&pf.v, p + done, left, fill);
        if (n > 0) {
            done += (size_t)n;
            if (pipe_ring_should_signal_reader(&pf.v)) {
                pf_wake_peer();
            }
            if (flag == PIPE_CLIENT_NONBLOCK) {
                break;
            }
            continue;
        }
        if (n < 0 || flag == PIPE_CLIENT_NONBLOCK) {
            return done > 0 ? (int)done : (n < 0 ? n : PL_EAGAIN);
        }
        err = pf_sleep(sfd, need);
        if (err != PL_OK) {
            return done > 0 ? (int)done : err;
        }
    }
    return (int)done;
}

static void pf_forget(int sfd, int after)
{
    if (!after) {
        if (!(pf.refused & pf_bit(sfd)) && pf.sfd != sfd) {
            return; /* nothing here is about sfd */
        }
        pf.refused &= ~pf_bit(sfd); /* the server may give the number to another pipe */
        if (pf.state == PF_ACTIVE && pf.sfd == sfd) {
            (void)pl_shm_unmap(pf.window);
            pf.state = PF_CLOSING;
        } else if (pf.state == PF_PENDING && pf.sfd == sfd) {
            pf.state = PF_FREE;
        }
    } else if (pf.state == PF_CLOSING && pf.sfd == sfd) {
        pf_wake_peer();
        pf.state = PF_FREE;
    } else {
        return;
    }
    pf_hint();
}

static const struct pipe_client_fast pf_ops = {pf_read, pf_write, pf_switched, pf_forget, &pf.skip};

int pipe_client_fast_use(uint32_t window, uint32_t ntfn, uint32_t bit)
{
    if (bit > 31u) {
        return PL_EINVAL;
    }
    pf.window = window;
    pf.ntfn = ntfn;
    pf.bit = bit;
    if (pf.state == PF_OFF) {
        pf.state = PF_FREE;
    }
    pf_hint();
    pipe_client_set_fast(&pf_ops);
    return PL_OK;
}

void *pipe_client_fast_page(void)
{
    return pf.state == PF_ACTIVE ? (void *)pf.v.ring : NULL;
}
