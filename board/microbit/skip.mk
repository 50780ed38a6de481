# board/microbit/skip.mk - the images the micro:bit cannot run, each with its reason
# (`image:reason`, '_' for a space). They are not built; `make test` prints
# "skip - <image>: <reason>" for each, counted neither passed nor failed. Included by board.mk.
#
# Two reasons: isolation (no MPU, no unprivileged mode: a test of what the MPU stops cannot
# pass, and must not be counted as if it had), and memory: 16K of RAM, 7K of it the kernel's
# (1K stack, its tables, 512 bytes a task), leaves 9K for the tasks, and most test systems
# were written for boards with 64K or more. The console server runs here (its nRF UART driver,
# user/dev/nrf/dev_uart.h): tests/qemu/console_small is its test on this board; the other
# console tests need more RAM (and a kernel log ring of 2K, where the kernel has 1K spare).
MB_NO_MPU := needs_an_MPU:_the_micro:bit's_Cortex-M0_has_none_(and_no_unprivileged_mode),_so_tasks_are_not_isolated_and_nothing_here_can_fault_as_this_test_expects
MB_RAM := its_tasks'_RAM_does_not_fit_in_the_9K_the_micro:bit_has_after_the_kernel's_7K_(16K_in_all)
SKIP_IMAGES := $(foreach i,test_isolation test_attack test_mpu_switch test_mpu_regions,$(i):$(MB_NO_MPU))
SKIP_IMAGES += $(foreach i,demo test_console test_console_flow test_demo_fail test_klog test_mqueue test_pipe test_pipe_fast test_mq_pair test_server_input test_shell test_shm test_stdin test_sync test_console_mono test_console_flow_mono test_klog_mono test_server_input_mono test_shell_mono test_stdin_mono test_mqueue_mono test_pipe_mono test_shm_mono test_sync_mono demo_mono contrast contrast_mono crash crash_mono  gdb_test contrast_test,$(i):$(MB_RAM))
SKIP_IMAGES += $(foreach i,tm_interrupt tm_interrupt_preemption test_fuzz test_ipc_dead test_ipc_endpoint test_ipc_inversion test_ipc_ntfn test_ipc_order test_ipc_rights test_ipc_shm test_sched test_signal test_supervisor bench bench_servers ipc_compare test_ipc_dead_general test_ipc_endpoint_general test_ipc_inversion_general test_ipc_ntfn_general test_ipc_order_general test_ipc_rights_general test_ipc_shm_general test_fuzz_general test_signal_mono tm_cooperative tm_preemptive tm_message tm_synchronization  ipc_compare_test,$(i):$(MB_RAM))
