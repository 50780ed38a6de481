/* user/lib/strerror.c - names of the shared error codes (include/parley/error.h). */
#include <parley/error.h>

const char *pl_strerror(int err)
{
    static const char *const names[] = {
        "OK",         "EINVAL",          "EPERM", "ENOENT",   "EDEAD",  "ETIMEDOUT",
        "EAGAIN",     "ETRUNC",          "EFULL", "EDEADLK",  "ESTATE", "EACCES",
        "EEXIST",     "ENAMETOOLONG",    "EBADF", "EMSGSIZE", "EPIPE",  "EOVERFLOW",
        "EOWNERDEAD", "ENOTRECOVERABLE", "EINTR", "ESRCH",    "EBUSY"};
    unsigned i = (unsigned)(-err);
    return (err <= 0 && i < sizeof(names) / sizeof(names[0])) ? names[i] : "E?";
}
