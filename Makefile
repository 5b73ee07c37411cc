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
# The lock validator (docs/locking.md): LOCKDEP=1, the default and what tests/run builds, checks
# every lock acquisition; LOCKDEP=0 builds the locks without it (make bench's build). The
# choice is written to $(BUILD)/config.flags, and every object depends on that file, so
# switching rebuilds everything and only then.
LOCKDEP ?= 1
KCONFIG := $(if $(filter 1,$(LOCKDEP)),-DCONFIG_LOCKDEP=1)
CFLAGS  += $(KCONFIG)
ASFLAGS := $(filter-out -std=gnu11,$(CFLAGS)) -D__ASSEMBLY__
LDFLAGS := -nostdlib -static -n -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments -T linker.ld

SRCS := $(wildcard boot/*.S arch/x86/*.c arch/x86/*.S arch/x86/entry/*.c arch/x86/entry/*.S kernel/*.c kernel/time/*.c kernel/irq/*.c kernel/locking/*.c kernel/power/*.c mm/*.c \
	sched/*.c kernel/trace/*.c lib/*.c fs/*.c fs/proc/*.c fs/ramfs/*.c drivers/base/*.c drivers/char/*.c drivers/tty/*.c drivers/input/serio/*.c drivers/input/keyboard/*.c \
	tests/*.c)
OBJS := $(patsubst %,$(BUILD)/%.o,$(SRCS))
DEPS := $(OBJS:.o=.d)
CONFIG_STAMP := $(BUILD)/config.flags

KERNEL := $(BUILD)/kernel.elf
ISO    := $(BUILD)/spindle.iso

# User space (usr/, docs/usermode.md): static programs built against musl, which run unchanged on
# the host's Linux and on Spindle, packed with what they printed on the host into the initramfs
# the ISO carries. Only the ISO needs them: `make` (the kernel alone) builds without musl.
MUSL_CC    ?= musl-gcc
HOSTCC     ?= gcc
USR_PROGS  := init hello spin pingpong forkbomb-lite taskset chrt ubench badcall fault yield forkloop
USR_BINS   := $(addprefix $(BUILD)/usr/,$(USR_PROGS))
USR_CFLAGS := -static -O2 -Wall -Wextra -Werror
INITRAMFS  := $(BUILD)/initramfs.cpio

QEMU      := qemu-system-x86_64
# make run SMP=1 for a one-CPU machine (docs/tour.md, exercise 5).
SMP       ?= 4
QEMU_RUN  := $(QEMU) -M q35 -smp $(SMP) -m 512M -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -cdrom $(ISO)

# Extra kernel options for run/run-nox/debug/trace (make run CMDLINE="ktest=all"): handed over
# through QEMU's fw_cfg, which the kernel appends to GRUB's command line. QEMU splits options at
# commas, so a comma in the value is written twice.
CMDLINE   ?=
QEMU_CMDLINE = $(if $(CMDLINE),-fw_cfg name=opt/spindle/cmdline$(comma)string="$(subst $(comma),$(comma)$(comma),$(CMDLINE))")
comma     := ,
# A window when a display exists, otherwise (or with run-nox) the serial console alone.
HAVE_DISPLAY = $(if $(DISPLAY)$(WAYLAND_DISPLAY),yes)

# What `make deps` installs (Debian/Ubuntu names) and what proves each is present.
# musl-tools: musl-gcc for the user programs; strace: the host test's system-call check.
DEB_PACKAGES := qemu-system-x86 grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools nasm \
	ovmf python3 musl-tools strace
NEEDED_TOOLS := $(QEMU) grub-mkrescue xorriso mformat $(PYTHON) $(MUSL_CC)
NEEDED_FILES := /usr/lib/grub/i386-pc /usr/lib/grub/x86_64-efi /usr/share/OVMF/OVMF_CODE_4M.fd

.PHONY: all iso usr initramfs run run-nox debug trace test bench torture deps check check-tools check-cc \
	check-musl clean FORCE
all: $(KERNEL)

# Rewritten only when the configuration changed, so its date says when that was.
$(CONFIG_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(KCONFIG)' | cmp -s - $@ || echo '$(KCONFIG)' > $@
$(OBJS): $(CONFIG_STAMP)

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

check-musl:
	@command -v $(MUSL_CC) >/dev/null || { \
	  echo "error: '$(MUSL_CC)' not found: the user programs of the initramfs (usr/) are built"; \
	  echo "       with musl's static C library. Install it: make deps (Debian: musl-tools),"; \
	  echo "       or name another musl compiler: make MUSL_CC=..."; exit 1; }

usr: $(USR_BINS)
initramfs: $(INITRAMFS)

# Static, non-PIE executables: what a Linux distribution's static binaries are, and what
# Spindle's exec loads (ET_EXEC at a fixed address).
$(USR_BINS): $(BUILD)/usr/%: usr/%.c usr/ulib.h | check-musl
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(USR_CFLAGS) -o $@ $<

# A tool run on the build machine: the host's compiler, even when CROSS_COMPILE is set.
$(BUILD)/usr/gen_init_cpio: usr/gen_init_cpio.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $<

# The programs' output on this host, which Spindle's runs must match (usr/expected.list). The
# .out files are made with cpio_list, in the same run of the script.
$(BUILD)/usr/expected/cpio_list: usr/expected.list usr/gen_expected.sh $(USR_BINS)
	usr/gen_expected.sh usr/expected.list $(BUILD)/usr $(BUILD)/usr/expected

# Reproducible: every mtime is SOURCE_DATE_EPOCH (or 0), the entries in the lists' order.
$(INITRAMFS): usr/initramfs_list $(BUILD)/usr/expected/cpio_list $(BUILD)/usr/gen_init_cpio \
		$(USR_BINS)
	BUILD=$(BUILD) $(BUILD)/usr/gen_init_cpio usr/initramfs_list \
		$(BUILD)/usr/expected/cpio_list > $@.tmp
	mv $@.tmp $@

iso: $(ISO)
$(ISO): $(KERNEL) iso/grub.cfg $(INITRAMFS)
	@command -v grub-mkrescue >/dev/null || $(MAKE) -s deps
	rm -rf $(BUILD)/isodir && mkdir -p $(BUILD)/isodir/boot/grub
	cp $(KERNEL) $(BUILD)/isodir/boot/kernel.elf
	cp $(INITRAMFS) $(BUILD)/isodir/boot/initramfs.cpio
	cp iso/grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/isodir 2>$(BUILD)/grub-mkrescue.log || \
	  { cat $(BUILD)/grub-mkrescue.log; exit 1; }

-include $(DEPS)

# Install the packages the ISO and QEMU need: as root with apt-get (one update, then only what is
# missing); as anyone else print the exact command and stop, because nothing can run without them.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all packages installed"; exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	  echo "deps: no apt-get here; install the equivalents of:$$missing"; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing$$missing"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	else \
	  echo "deps: missing packages. Run:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	fi

# run, run-nox, debug and test call this first: any tool or firmware file missing runs deps.
check-tools:
	@ok=1; for t in $(NEEDED_TOOLS); do command -v $$t >/dev/null || { echo "missing: $$t"; ok=0; }; done; \
	for f in $(NEEDED_FILES); do [ -e $$f ] || { echo "missing: $$f"; ok=0; }; done; \
	[ $$ok = 1 ] || $(MAKE) --no-print-directory deps

run: check-tools
	@$(MAKE) --no-print-directory iso
	@echo "Serial console below; quit with Ctrl-A then X."
	$(QEMU_RUN) $(if $(HAVE_DISPLAY),,-display none) -serial mon:stdio $(QEMU_CMDLINE)

run-nox: check-tools
	@$(MAKE) --no-print-directory iso
	@echo "Serial console below; quit with Ctrl-A then X."
	$(QEMU_RUN) -display none -serial mon:stdio $(QEMU_CMDLINE)

# QEMU stopped before the first instruction, its gdb server on localhost:1234.
debug: check-tools
	@$(MAKE) --no-print-directory iso
	@echo "QEMU is halted. In another terminal:  gdb -x tools/gdbinit$(if $(filter-out build,$(BUILD)), -ex 'file $(KERNEL)')"
	@echo "then for example:  hbreak start_kernel   continue   bt"
	$(QEMU_RUN) $(if $(HAVE_DISPLAY),,-display none) -serial mon:stdio $(QEMU_CMDLINE) -s -S

# Boot with tracing on (trace_event=sched,irq,cpuhp,kthread), type TRACE_RUN's commands at the
# console (default: a kthread's life, then CPU 1 offline and online), read the trace back and draw
# it: $(BUILD)/trace.txt, .log, .json (Perfetto) and .svg (tools/trace.py, docs/tracing.md).
TRACE_RUN ?=
trace: check-tools $(ISO)
	$(PYTHON) tools/trace.py record --iso $(ISO) --smp $(SMP) --cmdline "$(CMDLINE)" \
		$(if $(TRACE_RUN),--run "$(TRACE_RUN)") -o $(BUILD)/trace

# Benchmarks: instruction-exact guest time under -icount shift=0 (tests/run --bench).
bench: check-tools
	$(PYTHON) tests/run --bench --build $(BUILD)

# The whole matrix (tests/run); QUICK=1 the first row only, CONFIG=<row> one row, REPEAT=N
# the selected rows N times (to chase a rare failure: make test CONFIG=smp64 REPEAT=20).
# The host checks alone (the host-check row of make test runs them too): every kernel function
# other files call has its kernel-doc contract (tools/kerneldoc.py); the files that mirror Linux
# keep Linux 6.1's functions in Linux's order and file (tools/linuxorder.py, lists in
# tools/linux-order/); docs/linux-differences.md lists every "Linux 6.1:" note of the sources
# (tools/linuxdiff.py, which also rewrites it).
check:
	$(PYTHON) tools/kerneldoc.py
	$(PYTHON) tools/linuxorder.py
	$(PYTHON) tools/linuxdiff.py --check
	$(PYTHON) tools/doccheck.py

test: check-tools
	$(PYTHON) tests/run --build $(BUILD) $(if $(QUICK),--quick) $(if $(CONFIG),--config $(CONFIG)) \
		$(if $(REPEAT),--repeat $(REPEAT))

# kthread-torture alone (docs/testing.md, "Torture"): DURATION seconds of guest time on a q35
# machine with CPUS CPUs, its stats lines printed as they come, its verdict last. SEED=N replays
# the operations of a run that printed torture.seed=N; TORTURE="torture.threads=4 ..." adds options.
DURATION ?= 600
CPUS     ?= 4
SEED     ?=
TORTURE  ?=
torture: check-tools
	$(PYTHON) tests/run --build $(BUILD) --torture $(DURATION) --cpus $(CPUS) \
		--extra-cmdline "$(strip $(if $(SEED),torture.seed=$(SEED)) $(TORTURE))"

# Everything built lives under $(BUILD), the host tests' objects too (tests/run puts them there).
clean:
	rm -rf $(BUILD)
