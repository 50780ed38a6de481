# tests/host/user_lib.mk - host tests of the user library's portable parts, included by the
# inner make after tests/host/host.mk.
#
# host.mk already turns tests/host/test_user_lib.c into $(B)/host/host_test_user_lib (with the
# harness and the fixture it links to every host test); this fragment only adds the code under
# test, user/lib/printf.c, built by host.mk's $(B)/host/%.o rule. A prerequisite added here
# joins the $^ of host.mk's static pattern rule, so it is linked in. printf.c makes no system
# call itself: it calls pl_debug_write, which the test fakes. (pl_debug_write's own file,
# user/lib/syscall.c, holds the `svc` stubs and does not build with the host compiler.)

USER_LIB_HOST_OBJS := $(B)/host/user/lib/printf.o

$(B)/host/host_test_user_lib: $(USER_LIB_HOST_OBJS)
$(USER_LIB_HOST_OBJS) $(B)/host/tests/host/test_user_lib.o: HOST_CFLAGS += -Iuser/lib

-include $(USER_LIB_HOST_OBJS:.o=.d)
