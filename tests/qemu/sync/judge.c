/*
 * tests/qemu/sync/judge.c - the synchronisation library's rules between isolated tasks
 * (docs/ipc-catalogue.md, "Semaphores", "Mutexes", "Condition variables", and the bad
 * input: overflow, destroyed objects, a non-owner's unlock, a condition variable with two
 * mutexes, a task dying while blocked or while holding a mutex, the server restarted while
 * objects are in use). Three actors (actor.c) share one object of the shared-memory server;
 * every blocking case really blocks in the server and is woken by another task.
 */
#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "synctest.h"
#include "system.h"

#define A TASK_A
#define B TASK_B
#define C TASK_C

#define WAIT 300u /* ticks an order may take to be reported (dead owners are found by polling) */

static const uint32_t actors[] = {TASK_A, TASK_B, TASK_C};

static const struct qc_report *last;

static const char *expect(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want)
{
    last = qc_ask(task, op, a, b, WAIT);
    if (!last) {
        return qt_why("task %lu: no report of order %lu", (unsigned long)task, (unsigned long)op);
    }
    if (last->status != want) {
        return qt_why("task %lu order %lu(%lu, %lu): %s, expected %s", (unsigned long)task,
                      (unsigned long)op, (unsigned long)a, (unsigned long)b,
                      pl_strerror(last->status), pl_strerror(want));
    }
    return 0;
}

/* `task` is ordered (op, a, b), must block in it, and must report `want` once `then` ran. */
static const char *blocks_until(uint32_t task, uint32_t op, uint32_t a, uint32_t b,
                                const char *(*then)(void), int want)
{
    qc_order(task, op, a, b);
    if (!qc_wait_blocked(task, 50) || qc_report(task, 20)) {
        return "the order did not block";
    }
    QT_STEP(then());
    const struct qc_report *r = qc_report(task, WAIT);
    if (!r || r->status != want) {
        return qt_why("after unblocking: %s, expected %s", r ? pl_strerror(r->status) : "nothing",
                      pl_strerror(want));
    }
    return 0;
}

static const char *value_is(uint32_t want)
{
    QT_STEP(expect(C, SYT_SEM_VALUE, 0, 0, PL_OK));
    return last->a == want
               ? 0
               : qt_why("value %lu, expected %lu", (unsigned long)last->a, (unsigned long)want);
}

/* Stop `task` as if it had faulted (the judge is the supervisor), then bring it back mapped. */
static const char *kill_task(uint32_t task)
{
    if (pl_task_fault(task) != PL_OK || !qt_wait_stopped(&task, 1, 1, 50)) {
        return "the task did not stop";
    }
    return 0;
}

static const char *revive(uint32_t task)
{
    QT_STEP(qc_restart(task));
    return expect(task, SYT_MAP, 0, 0, PL_OK);
}

/* One task opens one named semaphore twice: the second open shares the first's window (A has
 * two: the object and one more), closing one leaves the other working, and the last close and
 * the unlink give the page back. */
static const char *named_twice(void)
{
    QT_STEP(expect(A, SYT_NAMED_OPEN, 0, 0, PL_OK));
    QT_STEP(expect(A, SYT_NAMED_OPEN, 1, 0, PL_OK));
    QT_STEP(expect(A, SYT_NAMED_POST, 0, 0, PL_OK));
    QT_STEP(expect(A, SYT_NAMED_CLOSE, 0, 0, PL_OK));
    QT_STEP(expect(A, SYT_NAMED_POST, 1, 0, PL_OK)); /* still mapped */
    QT_STEP(expect(A, SYT_NAMED_VALUE, 1, 0, PL_OK));
    if (last->a != 2u) {
        return qt_why("value %lu, expected 2", (unsigned long)last->a);
    }
    QT_STEP(expect(A, SYT_NAMED_CLOSE, 1, 0, PL_OK));
    QT_STEP(expect(A, SYT_NAMED_CLOSE, 1, 0, PL_EINVAL)); /* closed as often as opened */
    QT_STEP(expect(A, SYT_NAMED_UNLINK, 0, 0, PL_OK));
    QT_STEP(expect(A, SYT_NAMED_OPEN, 0, 0, PL_OK)); /* the page came back: a fresh one */
    QT_STEP(expect(A, SYT_NAMED_VALUE, 0, 0, PL_OK));
    if (last->a != 0u) {
        return qt_why("a fresh semaphore's value %lu, expected 0", (unsigned long)last->a);
    }
    QT_STEP(expect(A, SYT_NAMED_CLOSE, 0, 0, PL_OK));
    return expect(A, SYT_NAMED_UNLINK, 0, 0, PL_OK);
}

static const char *server_unharmed(void)
{
    struct pl_task_status st = qt_status(TASK_SHM);
    return st.faults != 0 || !qt_is_live(&st) ? "the server faulted" : 0;
}

/* ---- the steps other tasks take while one is blocked ---- */

static const char *a_posts(void)
{
    return expect(A, SYT_SEM_POST, 0, 0, PL_OK);
}

static const char *a_destroys(void)
{
    return expect(A, SYT_SEM_DESTROY, 0, 0, PL_OK);
}

static const char *a_unlocks(void)
{
    return expect(A, SYT_UNLOCK, 0, 0, PL_OK);
}

static const char *c_signals(void)
{
    return expect(C, SYT_COND_SIGNAL, 0, 0, PL_OK);
}

static const char *c_second_mutex_then_a_broadcasts(void)
{
    QT_STEP(expect(C, SYT_COND_WAIT, 1, 0, PL_EINVAL)); /* m2 while B waits with m */
    return expect(A, SYT_COND_SIGNAL, 0, 1, PL_OK);
}

static const char *a_sends_12(void)
{
    return expect(A, SYT_Q_SEND, 12, 1, PL_OK);
}

static const char *c_receives_1(void)
{
    QT_STEP(expect(C, SYT_Q_RECV, 0, 1, PL_OK));
    return last->a == 1 ? 0 : "not the first message";
}

static const char *server_restarts(void)
{
    return pl_task_restart(TASK_SHM) > 0 ? 0 : "the server was not restarted";
}

/* ---- cases ---- */

static const char *set_up(void)
{
    QT_STEP(expect(A, SYT_MAP, 1, 0, PL_OK)); /* creates the object and its contents */
    QT_STEP(expect(B, SYT_MAP, 0, 0, PL_OK));
    return expect(C, SYT_MAP, 0, 0, PL_OK);
}

static const char *semaphore_between_tasks(void)
{
    QT_STEP(blocks_until(B, SYT_SEM_WAIT, 0, 0, a_posts, PL_OK));
    QT_STEP(value_is(0));
    QT_STEP(expect(A, SYT_SEM_POST, 0, 0, PL_OK)); /* no waiter: the count goes up */
    QT_STEP(value_is(1));
    QT_STEP(expect(B, SYT_SEM_WAIT, 0, 0, PL_OK)); /* and the next wait does not block */
    return value_is(0);
}

static const char *trywait_and_timedwait(void)
{
    QT_STEP(expect(B, SYT_SEM_TRY, 0, 0, PL_EAGAIN));
    QT_STEP(expect(B, SYT_SEM_WAIT, 5, 0, PL_ETIMEDOUT));
    QT_STEP(expect(A, SYT_SEM_POST, 0, 0, PL_OK));
    QT_STEP(expect(B, SYT_SEM_WAIT, 5, 0, PL_OK)); /* available: a timed wait takes it */
    return value_is(0);
}

static const char *overflow(void)
{
    QT_STEP(expect(A, SYT_SEM_INIT, SEM_VALUE_MAX, 0, PL_OK));
    QT_STEP(expect(A, SYT_SEM_POST, 0, 0, PL_EOVERFLOW));
    QT_STEP(value_is(SEM_VALUE_MAX)); /* unchanged */
    QT_STEP(expect(A, SYT_SEM_INIT, SEM_VALUE_MAX + 1u, 0, PL_EINVAL));
    return expect(A, SYT_SEM_INIT, 0, 0, PL_OK);
}

static const char *destroyed(void)
{
    QT_STEP(blocks_until(B, SYT_SEM_WAIT, 0, 0, a_destroys, PL_EINVAL));
    QT_STEP(expect(C, SYT_SEM_TRY, 0, 0, PL_EINVAL));
    QT_STEP(expect(C, SYT_SEM_POST, 0, 0, PL_EINVAL));
    QT_STEP(expect(A, SYT_SEM_DESTROY, 0, 0, PL_EINVAL)); /* twice */
    return expect(A, SYT_SEM_INIT, 0, 0, PL_OK);
}

static const char *mutex_owner(void)
{
    QT_STEP(expect(A, SYT_LOCK, 0, 0, PL_OK));
    QT_STEP(expect(B, SYT_UNLOCK, 0, 0, PL_EPERM)); /* not B's */
    QT_STEP(expect(A, SYT_LOCK, 0, 0, PL_EDEADLK)); /* A's already */
    QT_STEP(expect(B, SYT_TRYLOCK, 0, 0, PL_EAGAIN));
    QT_STEP(expect(B, SYT_LOCK, 0, 5, PL_ETIMEDOUT));
    QT_STEP(blocks_until(B, SYT_LOCK, 0, 0, a_unlocks, PL_OK)); /* handed over to B */
    QT_STEP(expect(A, SYT_UNLOCK, 0, 0, PL_EPERM));             /* B's now */
    return expect(B, SYT_UNLOCK, 0, 0, PL_OK);
}

static const char *robust(void)
{
    QT_STEP(expect(A, SYT_LOCK, 0, 0, PL_OK));
    QT_STEP(kill_task(A)); /* dies holding it */
    QT_STEP(expect(C, SYT_LOCK, 0, 0, PL_EOWNERDEAD));
    QT_STEP(expect(C, SYT_UNLOCK, 0, 0, PL_OK));            /* without mutex_consistent ... */
    QT_STEP(expect(B, SYT_LOCK, 0, 0, PL_ENOTRECOVERABLE)); /* ... it is lost for good */
    QT_STEP(revive(A));
    QT_STEP(expect(A, SYT_MUTEX_INIT, 0, 0, PL_OK)); /* until set up again */
    QT_STEP(expect(A, SYT_LOCK, 0, 0, PL_OK));
    QT_STEP(kill_task(A));
    QT_STEP(expect(B, SYT_LOCK, 0, 0, PL_EOWNERDEAD));
    QT_STEP(expect(C, SYT_CONSISTENT, 0, 0, PL_EPERM)); /* only the new holder may */
    QT_STEP(expect(B, SYT_CONSISTENT, 0, 0, PL_OK));
    QT_STEP(expect(B, SYT_UNLOCK, 0, 0, PL_OK));
    QT_STEP(expect(C, SYT_LOCK, 0, 0, PL_OK)); /* recovered */
    QT_STEP(expect(C, SYT_UNLOCK, 0, 0, PL_OK));
    return revive(A);
}

static const char *condition_variable(void)
{
    QT_STEP(blocks_until(B, SYT_COND_WAIT, 0, 0, c_signals, PL_OK));
    QT_STEP(blocks_until(B, SYT_COND_WAIT, 0, 0, c_second_mutex_then_a_broadcasts, PL_OK));
    QT_STEP(expect(B, SYT_TRYLOCK, 0, 0, PL_OK)); /* cond_wait gave m back when it returned */
    return expect(B, SYT_UNLOCK, 0, 0, PL_OK);
}

static const char *waiter_dies(void)
{
    qc_order(B, SYT_SEM_WAIT, 0, 0);
    if (!qc_wait_blocked(B, 50)) {
        return "B did not block";
    }
    QT_STEP(kill_task(B)); /* dies asleep in sem_wait */
    QT_STEP(expect(A, SYT_SEM_POST, 0, 0, PL_OK));
    QT_STEP(expect(C, SYT_SEM_TRY, 0, 0, PL_OK)); /* the dead waiter took nothing */
    QT_STEP(value_is(0));
    return revive(B);
}

static const char *priority_is(uint32_t task, uint32_t want)
{
    struct pl_task_status st = qt_status(task);
    return st.priority == want ? 0
                               : qt_why("task %lu runs at %lu, expected %lu", (unsigned long)task,
                                        (unsigned long)st.priority, (unsigned long)want);
}

/* C's description lets it raise itself to 4 (`ceiling`), A's and B's do not. */
static const char *ceiling_mutex(void)
{
    QT_STEP(expect(A, SYT_CEIL_INIT, 4, 0, PL_OK));
    QT_STEP(expect(C, SYT_CEIL_LOCK, 0, 0, PL_OK));
    QT_STEP(priority_is(C, 4));                        /* at the ceiling while it holds it */
    QT_STEP(expect(A, SYT_CEIL_LOCK, 0, 0, PL_EPERM)); /* may not reach the ceiling */
    QT_STEP(expect(C, SYT_CEIL_UNLOCK, 0, 0, PL_OK));
    QT_STEP(priority_is(C, 5)); /* and back */
    QT_STEP(expect(B, SYT_CEIL_LOCK, 0, 0, PL_EPERM));
    QT_STEP(priority_is(B, 5));
    return 0;
}

static const char *received(uint32_t task, uint32_t word)
{
    QT_STEP(expect(task, SYT_Q_RECV, 0, 1, PL_OK));
    return last->a == word && last->b == 4u
               ? 0
               : qt_why("got %lu (%lu bytes), expected %lu", (unsigned long)last->a,
                        (unsigned long)last->b, (unsigned long)word);
}

/* The message queue in shared memory (servers/shm/shmq.h) between the three tasks: messages
 * cross in order, an empty queue blocks a receiver and a full one a sender until another task
 * acts, try calls are PL_EAGAIN, sizes past the slot or the buffer PL_EMSGSIZE. */
static const char *queue(void)
{
    QT_STEP(expect(A, SYT_Q_OPEN, 1, 0, PL_OK));
    QT_STEP(expect(B, SYT_Q_OPEN, 0, 0, PL_OK));
    QT_STEP(expect(C, SYT_Q_OPEN, 0, 0, PL_OK));
    QT_STEP(expect(B, SYT_Q_RECV, 0, 1, PL_EAGAIN)); /* empty */
    QT_STEP(expect(A, SYT_Q_SEND, 11, 1, PL_OK));
    QT_STEP(received(B, 11));
    QT_STEP(blocks_until(B, SYT_Q_RECV, 0, 0, a_sends_12, PL_OK));
    QT_STEP(expect(C, SYT_Q_RECV, 0, 1, PL_EAGAIN)); /* B had it */
    QT_STEP(expect(A, SYT_Q_SEND, 1, 1, PL_OK));
    QT_STEP(expect(A, SYT_Q_SEND, 2, 1, PL_OK));
    QT_STEP(expect(A, SYT_Q_SEND, 3, 1, PL_EAGAIN)); /* full: two slots */
    QT_STEP(blocks_until(A, SYT_Q_SEND, 3, 0, c_receives_1, PL_OK));
    QT_STEP(received(B, 2));
    QT_STEP(received(C, 3));
    QT_STEP(expect(A, SYT_Q_SEND, SYT_Q_BIG, 1, PL_EMSGSIZE)); /* 9 bytes, slots of 8 */
    QT_STEP(expect(A, SYT_Q_SEND, 4, 0, PL_OK));
    QT_STEP(expect(B, SYT_Q_RECV, 2, 1, PL_EMSGSIZE)); /* a buffer of 2 bytes */
    return received(C, 4);                             /* it stayed queued */
}

/* Every page of the server's is unmapped from every task when it restarts (docs/ipc.md,
 * "Shared pages"): a sleeper must wake with an error, not sleep for ever. */
static const char *server_restart(void)
{
    qc_order(B, SYT_SEM_WAIT, 0, 0);
    if (!qc_wait_blocked(B, 50) || qc_report(B, 20)) {
        return "B did not block";
    }
    QT_STEP(server_restarts());
    const struct qc_report *r = qc_report(B, WAIT);
    if (!r) {
        return "the sleeper never woke";
    }
    if (r->status >= 0) {
        return qt_why("the sleeper woke with %s", pl_strerror(r->status));
    }
    return server_unharmed();
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, sizeof(actors) / sizeof(actors[0]), 200);
    qt_report("three_tasks_map_one_object", set_up());
    qt_report("sem_open_twice_in_one_task_close_one_the_other_works", named_twice());
    qt_report("sem_wait_blocks_until_another_task_posts", semaphore_between_tasks());
    qt_report("sem_trywait_eagain_timedwait_etimedout", trywait_and_timedwait());
    qt_report("sem_post_past_the_maximum_eoverflow", overflow());
    qt_report("destroyed_semaphore_einval_its_waiter_woken", destroyed());
    qt_report("mutex_eperm_edeadlk_etimedout_and_handoff", mutex_owner());
    qt_report("robust_mutex_eownerdead_enotrecoverable_consistent", robust());
    qt_report("cond_signal_broadcast_and_a_second_mutex_einval", condition_variable());
    qt_report("a_waiter_dying_asleep_takes_no_post", waiter_dies());
    qt_report("ceiling_mutex_raises_its_holder_and_refuses_a_task_without_ceiling",
              ceiling_mutex());
    qt_report("shmq_between_tasks_blocks_wakes_eagain_emsgsize", queue());
    qt_report("server_restart_wakes_sleepers_with_edead_never_a_hang", server_restart());
    qt_finish();
}
