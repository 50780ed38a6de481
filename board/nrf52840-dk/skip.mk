# board/nrf52840-dk/skip.mk - the images this board cannot run, each with its reason
# (`image:reason`, '_' for a space). They are not built; `make test` prints
# "skip - <image>: <reason>" for each, counted neither passed nor failed, and `make run` /
# `make flash` of them say why. Included by board.mk.
NRF_NO_CONSOLE := the_console_server_drives_a_CMSDK_UART_(two_interrupts,_RX_and_TX);_no_driver_for_the_nRF_UART_yet
SKIP_IMAGES := $(foreach i,demo demo_mono test_console test_console_flow test_klog test_mqueue \
                 test_mqueue_mono test_pipe test_pipe_mono test_pipe_fast test_server_input test_server_input_mono \
                 test_shm test_shm_mono test_stdin test_stdin_mono test_sync test_sync_mono \
                 test_shell test_shell_mono test_console_mono test_console_flow_mono test_klog_mono \
                 test_demo_fail test_demo_fail_mono contrast contrast_mono crash crash_mono gdb_test contrast_test,$(i):$(NRF_NO_CONSOLE))
