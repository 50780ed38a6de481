# board/stm32f4/skip.mk - the images the STM32F4 boards cannot run, each with its reason
# (`image:reason`, '_' for a space). They are not built; `make test` prints
# "skip - <image>: <reason>" for each, counted neither passed nor failed, and `make run` of
# the demo says why it cannot. Included by each STM32F4 board's board.mk.
#
# The console server runs here (user/dev/stm32/dev_uart.h): what is left is memory (128K of
# SRAM: 16K for the kernel, board.ini kernel_ram, and 112K for the tasks and shared pages)
# and one limit of QEMU's USART model.
STM32_TASKS_RAM = its_$(1)_tasks_need_$(2)_of_RAM_(power-of-two_regions);_the_board_has_112K_after_the_kernel's_16K
STM32_NO_MONO := MODE=mono_moves_its_servers_into_the_kernel_(the_console's_state_alone_is_about_3.3K),_whose_16K_of_RAM_they_overflow
STM32_NO_FLOW := QEMU_7.2's_STM32_USART_model_sends_each_byte_synchronously_(TXE_always_set):_its_transmitter_never_backs_up,_so_the_flow_control_this_test_checks_cannot_happen
SKIP_IMAGES := $(foreach i,demo gdb_test test_demo_fail,$(i):$(call STM32_TASKS_RAM,26,156K))
SKIP_IMAGES += test_shell:$(call STM32_TASKS_RAM,27,157K)
SKIP_IMAGES += test_pipe:$(call STM32_TASKS_RAM,13,112K)_and_its_pipe_pages_more
SKIP_IMAGES += $(foreach i,ipc_compare ipc_compare_test,$(i):$(call STM32_TASKS_RAM,7,92K)_and_its_shared_pages_more)
SKIP_IMAGES += test_mqueue:the_kernel's_state_of_its_12_tasks_overflows_the_kernel's_16K_of_RAM_by_512_bytes
SKIP_IMAGES += $(foreach i,demo_mono test_console_mono test_console_flow_mono test_klog_mono \
                 test_mqueue_mono test_pipe_mono test_server_input_mono test_shell_mono \
                 test_shm_mono test_stdin_mono test_sync_mono,$(i):$(STM32_NO_MONO))
SKIP_IMAGES += $(foreach i,contrast contrast_mono crash crash_mono contrast_test,$(i):make_contrast_runs_each_system_in_MODE=mono_too:_$(STM32_NO_MONO))
SKIP_IMAGES += test_console_flow:$(STM32_NO_FLOW)
