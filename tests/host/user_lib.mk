# tests/host/user_lib.mk - host tests of the user library's portable parts, included by the
# inner make after tests/host/host.mk.
#
# host.mk already turns each tests/host/test_user_<x>.c into $(B)/host/host_test_user_<x> (with
# the harness and the fixture it links to every host test); this fragment only adds the code
# under test, built by host.mk's $(B)/host/%.o rule. A prerequisite added here joins the $^ of
# host.mk's static pattern rule, so it is linked in. None of these files holds an `svc`: what
# they call (pl_debug_write, pl_debug_write_try, pl_call, pl_sleep ...) the tests fake. The
# stubs themselves, user/lib/syscall.c, do not build with the host compiler.
#
#   test_user_lib.c          user/lib/printf.c       pl_printf (fakes pl_debug_write)
#   test_user_debug_write.c  user/lib/debug_write.c  pl_debug_write's retries
#   test_user_newlib.c       user/lib/newlib.c       _write: console, kernel's log, errors
#                            (with newlib_fd.c and fd.c, which descriptors from 3 on reach)
#   test_user_fd.c           user/lib/fd.c, newlib_fd.c  the descriptor table, errno, fcntl

USER_LIB_PRINTF_OBJ := $(B)/host/user/lib/printf.o
USER_LIB_DEBUG_WRITE_OBJ := $(B)/host/user/lib/debug_write.o
USER_LIB_NEWLIB_OBJ := $(B)/host/user/lib/newlib.o
USER_LIB_FD_OBJS := $(B)/host/user/lib/fd.o $(B)/host/user/lib/newlib_fd.o
USER_LIB_HOST_OBJS := $(USER_LIB_PRINTF_OBJ) $(USER_LIB_DEBUG_WRITE_OBJ) $(USER_LIB_NEWLIB_OBJ) \
                      $(USER_LIB_FD_OBJS)

$(B)/host/host_test_user_lib: $(USER_LIB_PRINTF_OBJ)
$(B)/host/host_test_user_debug_write: $(USER_LIB_DEBUG_WRITE_OBJ)
$(B)/host/host_test_user_newlib: $(USER_LIB_NEWLIB_OBJ) $(USER_LIB_FD_OBJS)
$(B)/host/host_test_user_fd: $(USER_LIB_FD_OBJS)

$(USER_LIB_HOST_OBJS) $(patsubst %,$(B)/host/tests/host/test_user_%.o,lib debug_write newlib fd): \
    HOST_CFLAGS += -Iuser/lib
# newlib.c defines _exit for the task; on the host that name is the C library's, which the
# harness calls to end each test's child, so the host build renames newlib.c's.
$(USER_LIB_NEWLIB_OBJ): HOST_CFLAGS += -D_exit=newlib_exit
# newlib_fd.c defines fcntl and _open for the task; on the host those are the C library's.
$(B)/host/user/lib/newlib_fd.o $(B)/host/tests/host/test_user_fd.o: \
    HOST_CFLAGS += -Dfcntl=newlib_fcntl -D_open=newlib_open

-include $(USER_LIB_HOST_OBJS:.o=.d)
