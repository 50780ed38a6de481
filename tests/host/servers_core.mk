# tests/host/servers_core.mk - host tests of the name server's table and the supervisor's
# restart policies, included by the inner make after tests/host/host.mk.
#
# host.mk already turns every tests/host/test_*.c into $(B)/host/host_test_<x> and lists it in
# HOST_TESTS (a wildcard), so nothing is added to HOST_TESTS here: this fragment only links
# the server sources each test needs and lets the tests find the servers' headers. The
# servers' files make no system calls, so they build with the host compiler as they are.

SERVERS_CORE_NAMES_OBJS := $(B)/host/servers/names/names_table.o
SERVERS_CORE_POLICY_OBJS := $(B)/host/servers/supervisor/policy.o

$(B)/host/host_test_names_table: $(SERVERS_CORE_NAMES_OBJS)
$(B)/host/host_test_supervisor_policy: $(SERVERS_CORE_POLICY_OBJS)

$(B)/host/tests/host/test_names_table.o: HOST_CFLAGS += -Iservers/names
$(B)/host/tests/host/test_supervisor_policy.o: HOST_CFLAGS += -Iservers/supervisor

-include $(patsubst %.o,%.d,$(SERVERS_CORE_NAMES_OBJS) $(SERVERS_CORE_POLICY_OBJS))
