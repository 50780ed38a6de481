# tests/host/servers_shell.mk - host tests of the shell's portable half, included by the inner
# make after tests/host/host.mk.
#
# host.mk already turns tests/host/test_shell_parse.c into $(B)/host/host_test_shell_parse
# (with the harness and the fixture it links to every host test); this fragment only adds the
# code under test, servers/shell/shell_parse.c, built by host.mk's $(B)/host/%.o rule. A
# prerequisite added here joins the $^ of host.mk's static pattern rule, so it is linked in.

SHELL_PARSE_HOST_OBJ := $(B)/host/servers/shell/shell_parse.o

$(B)/host/host_test_shell_parse: $(SHELL_PARSE_HOST_OBJ)
$(B)/host/tests/host/test_shell_parse.o: HOST_CFLAGS += -Iservers/shell

-include $(SHELL_PARSE_HOST_OBJ:.o=.d)
