/* The local APIC, in xAPIC mode (registers in a 4 KiB MMIO page) or x2APIC mode (registers as
 * MSRs 0x800 + offset/16). Everything above apic_read()/apic_write()/apic_icr_write() is
 * shared by both modes. */
#ifndef _ASM_APIC_H
#define _ASM_APIC_H

#include <linux/types.h>

#define MSR_IA32_APICBASE		0x1b
#define MSR_IA32_APICBASE_BSP		(1UL << 8)
#define MSR_IA32_APICBASE_EXTD		(1UL << 10)	/* x2APIC mode */
#define MSR_IA32_APICBASE_ENABLE	(1UL << 11)
#define MSR_IA32_APICBASE_BASE		0xfffff000UL

#define APIC_BASE_MSR			0x800		/* x2APIC: MSR = 0x800 + (offset >> 4) */

/* Register offsets in the xAPIC page. */
#define APIC_ID		0x020
#define APIC_LVR	0x030		/* version; bits 23:16 = number of LVT entries - 1 */
#define APIC_TASKPRI	0x080
#define APIC_EOI	0x0b0
#define APIC_LDR	0x0d0
#define APIC_SPIV	0x0f0
#define APIC_SPIV_APIC_ENABLED	(1 << 8)
#define APIC_ISR	0x100		/* eight 32-bit words, 0x10 apart */
#define APIC_IRR	0x200
#define APIC_ESR	0x280
#define APIC_LVTCMCI	0x2f0
#define APIC_ICR	0x300
#define APIC_ICR2	0x310		/* xAPIC only: destination in bits 31:24 */
#define APIC_LVTT	0x320
#define APIC_LVTTHMR	0x330
#define APIC_LVTPC	0x340
#define APIC_LVT0	0x350
#define APIC_LVT1	0x360
#define APIC_LVTERR	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0

/* LVT and ICR fields. */
#define APIC_DM_FIXED		0x00000
#define APIC_DM_NMI		0x00400
#define APIC_DM_INIT		0x00500
#define APIC_DM_STARTUP		0x00600		/* start-up IPI: vector = page of the code */
#define APIC_DM_EXTINT		0x00700
#define APIC_ICR_BUSY		(1 << 12)	/* xAPIC delivery status */
#define APIC_INPUT_POLARITY	(1 << 13)	/* active low */
#define APIC_INT_ASSERT		(1 << 14)
#define APIC_LVT_LEVEL_TRIGGER	(1 << 15)
#define APIC_INT_LEVELTRIG	(1 << 15)	/* ICR trigger mode: level (INIT assert) */
#define APIC_LVT_MASKED		(1 << 16)
#define APIC_LVT_TIMER_PERIODIC	(1 << 17)
#define APIC_DEST_SELF		(1 << 18)	/* destination shorthand 01 */
#define APIC_DEST_ALLBUT	(3 << 18)	/* destination shorthand 11: all but self */
#define APIC_TDR_DIV_16		0x3

extern bool x2apic_mode;
/* What apic_init chose, for the boot report and the self-tests. */
extern bool x2apic_enabled_by_firmware;
extern unsigned long lapic_timer_hz;	/* the timer's input clock, before the divider */
extern u32 lapic_timer_period;		/* initial count for one tick at the divider */

u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 val);
/* The whole ICR: xAPIC writes the destination half first, because writing the low half sends. */
void apic_icr_write(u32 low, u32 dest);
u32 read_apic_id(void);
void apic_eoi(void);
/* Whether 'vector' is in service (its ISR bit is set). */
bool apic_vector_in_service(u8 vector);

void apic_send_IPI_self(u8 vector);

/* Choose the mode, map the registers and program this CPU's LAPIC. */
void apic_intr_mode_init(void);
/* On an AP: its LAPIC in the boot CPU's mode, programmed the same way, its timer started. */
void apic_ap_setup(void);
/* Measure the timer's input clock against the TSC over 'ms' (interrupts off, timer stopped). */
unsigned long lapic_measure_timer_hz(unsigned int ms);
/* Start the periodic tick at HZ on this CPU. */
void setup_APIC_timer(void);

/* The handlers of the APIC's own vectors, installed by init_IRQ(). */
struct pt_regs;
void local_apic_timer_interrupt(struct pt_regs *regs, void *data);
void apic_error_interrupt(struct pt_regs *regs, void *data);
void reschedule_interrupt(struct pt_regs *regs, void *data);
void call_function_interrupt(struct pt_regs *regs, void *data);
void call_function_single_interrupt(struct pt_regs *regs, void *data);

#endif
