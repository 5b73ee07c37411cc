# Spindle build: the kernel image, the hybrid BIOS+UEFI ISO, and the commands that boot and test it.

CROSS_COMPILE ?=
CC      := $(CROSS_COMPILE)gcc
LD      := $(CROSS_COMPILE)ld
NM      := $(CROSS_COMPILE)nm
OBJCOPY := $(CROSS_COMPILE)objcopy
PYTHON  ?= python3
BUILD   ?= build

VERSION := 0.1

# Freestanding x86_64 kernel code: no red zone (interrupts push onto the same stack), kernel code
# model (linked in the top 2 GiB), no FPU/SSE state (kernel threads never save it), frame pointers
# kept so a panic can walk the stack.
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-pie -m64 \
	-mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-common -fno-strict-aliasing \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fcf-protection=none \
	-Wno-unused-parameter -Wno-missing-field-initializers -Wno-address-of-packed-member \
	-Iinclude -Iarch/x86/include -DSPINDLE_VERSION=\"$(VERSION)\"
ASFLAGS := $(filter-out -std=gnu11,$(CFLAGS)) -D__ASSEMBLY__
LDFLAGS := -nostdlib -static -n -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments -T linker.ld

SRCS := $(wildcard boot/*.S arch/x86/*.c arch/x86/*.S kernel/*.c mm/*.c lib/*.c tests/*.c)
OBJS := $(patsubst %,$(BUILD)/%.o,$(SRCS))
DEPS := $(OBJS:.o=.d)

KERNEL := $(BUILD)/kernel.elf
ISO    := $(BUILD)/spindle.iso

QEMU      := qemu-system-x86_64
QEMU_RUN  := $(QEMU) -M q35 -smp 4 -m 512M -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -cdrom $(ISO)

.PHONY: all iso run run-nox debug test bench deps check-tools check-cc clean
all: $(KERNEL)

check-cc:
	@printf 'int x;\n' | $(CC) $(CFLAGS) -x c -c -o /dev/null - 2>/dev/null || { \
	  echo "error: '$(CC)' cannot build freestanding x86_64 kernel code."; \
	  echo "       On an x86_64 Linux host install gcc; elsewhere build an x86_64-elf cross"; \
	  echo "       toolchain and run: make CROSS_COMPILE=x86_64-elf-"; exit 1; }

$(BUILD)/%.c.o: %.c | check-cc
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.S.o: %.S | check-cc
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -MMD -MP -c $< -o $@

# The symbol table is linked into the image (for symbolised backtraces) in two passes: link once
# with an empty table, list the symbols, link again with the table in .kallsyms. That section is
# placed after .bss, so filling it moves no other symbol and two passes suffice.
$(BUILD)/kallsyms0.S:
	@mkdir -p $(BUILD)
	printf '\t.section .kallsyms,"a"\n' > $@

$(BUILD)/kallsyms.S: $(BUILD)/kernel.pass1.elf tools/kallsyms.py
	$(NM) -n -S --defined-only $< | $(PYTHON) tools/kallsyms.py > $@

$(BUILD)/%.S.o: $(BUILD)/%.S
	$(CC) $(ASFLAGS) -c $< -o $@

$(BUILD)/kernel.pass1.elf: $(OBJS) $(BUILD)/kallsyms0.S.o linker.ld
	$(LD) $(LDFLAGS) -o $@ $(OBJS) $(BUILD)/kallsyms0.S.o

$(KERNEL): $(OBJS) $(BUILD)/kallsyms.S.o linker.ld
	$(LD) $(LDFLAGS) -o $@ $(OBJS) $(BUILD)/kallsyms.S.o
	@$(NM) -n $@ | grep -v -e '__kallsyms_end$$' -e ' _end$$' > $(BUILD)/kernel.map; \
	 $(NM) -n $(BUILD)/kernel.pass1.elf | grep -v -e '__kallsyms_end$$' -e ' _end$$' | \
	 cmp -s - $(BUILD)/kernel.map || { echo "error: symbols moved between link passes"; exit 1; }

iso: $(ISO)
$(ISO): $(KERNEL) iso/grub.cfg
	@command -v grub-mkrescue >/dev/null || $(MAKE) -s deps
	rm -rf $(BUILD)/isodir && mkdir -p $(BUILD)/isodir/boot/grub
	cp $(KERNEL) $(BUILD)/isodir/boot/kernel.elf
	cp iso/grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/isodir 2>$(BUILD)/grub-mkrescue.log || \
	  { cat $(BUILD)/grub-mkrescue.log; exit 1; }

-include $(DEPS)
