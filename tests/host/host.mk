# placeholder: replaced by the host test suite
HOST_TESTS :=
host-tests:
.PHONY: host-tests
