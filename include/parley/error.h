/*
 * parley/error.h - the one error enum shared by the kernel and every task.
 *
 * 0 is success; every failure a task can legitimately see is a negative value with a one-line
 * meaning here. Misuse (a bad syscall number, a pointer the caller does not own) is not an error
 * code: the kernel faults the caller instead and records why (see parley/task.h).
 */
#ifndef PARLEY_ERROR_H
#define PARLEY_ERROR_H

enum pl_err {
    PL_OK = 0,         /* success */
    PL_EINVAL = -1,    /* an argument value is out of range (not a pointer: those fault) */
    PL_EPERM = -2,     /* the system description does not grant this to the caller */
    PL_ENOENT = -3,    /* no such task or object (IPC calls on an index past the last object
                        * answer PL_EPERM: nobody holds a right on it) */
    PL_EDEAD = -4,     /* the peer has faulted, exited or was restarted (or stopped waiting) */
    PL_ETIMEDOUT = -5, /* the deadline passed before the operation could complete */
    PL_EAGAIN = -6,    /* non-blocking operation: no partner is ready, try again later */
    PL_ETRUNC = -7,    /* message longer than the receiver's buffer: cut, length reported */
    PL_EFULL = -8,     /* a bounded queue or table is full */
    PL_EDEADLK = -9,   /* the call would close a cycle of blocked callers */
    PL_ESTATE = -10,   /* the object is not in a state that allows this operation */
    /* Codes of the servers (pipes, FIFOs, message queues: docs/ipc-catalogue.md) */
    PL_EACCES = -11,       /* the object's owner and mode refuse the caller this access */
    PL_EEXIST = -12,       /* the name is taken (exclusive create of an existing name) */
    PL_ENAMETOOLONG = -13, /* a name longer than the server allows */
    PL_EBADF = -14,        /* not an open descriptor of the caller (or not open for this) */
    PL_EMSGSIZE = -15,     /* a message larger than the queue allows, or a buffer too short */
    PL_EPIPE = -16,        /* a write to a pipe whose readers have all gone */
    /* Codes of the synchronisation, shared-memory and signal services (docs/ipc-catalogue.md) */
    PL_EOVERFLOW = -17,       /* a count would pass its maximum (a semaphore's value) */
    PL_EOWNERDEAD = -18,      /* a robust mutex's holder died: the caller now holds it */
    PL_ENOTRECOVERABLE = -19, /* a robust mutex unlocked without being made consistent */
    PL_EINTR = -20,           /* a blocking call was interrupted by a signal's handler */
    PL_ESRCH = -21,           /* no such task to signal (dead, never existed, or not allowed) */
    PL_EBUSY = -22,           /* a shared page still held by a grantee of its owner's past life */
};

/* A short fixed name for an error, for logs ("EPERM"); never NULL. */
const char *pl_strerror(int err);

#endif
