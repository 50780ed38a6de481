# board/rpi-pico/skip.mk - the images this board cannot run, each with its reason
# (`image:reason`, '_' for a space). They are not built; `make test` prints
# "skip - <image>: <reason>" for each, counted neither passed nor failed, and `make run` /
# `make flash` of them say why. Included by board.mk.
#
# Every image fits (64K of kernel RAM, 192K for the tasks). Three QEMU tests carry assembly of
# their own written in Thumb-2 (high registers in LDM/STM and loads, which Thumb-1 lacks), so
# the M0+ cannot assemble them; each would need a Thumb-1 variant.
PICO_THUMB2 = its_assembly_($(1))_is_Thumb-2,_which_the_Cortex-M0+_(ARMv6-M,_Thumb-1)_cannot_assemble;_no_Thumb-1_variant_yet
SKIP_IMAGES := test_attack:$(call PICO_THUMB2,tests/qemu/attack/on_stack.S) \
               $(foreach i,test_fuzz test_fuzz_general,$(i):$(call PICO_THUMB2,tests/qemu/fuzz/fuzz_trap.S)) \
               $(foreach i,test_signal test_signal_mono,$(i):$(call PICO_THUMB2,tests/qemu/signal/regs.S))
