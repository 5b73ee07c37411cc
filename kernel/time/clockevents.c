/* Arming a clock event device in nanoseconds (Linux's kernel/time/clockevents.c: the rate
 * set-up and one-shot programming, which is all the tick uses). */
#include <linux/kernel.h>
#include <linux/clockchips.h>
#include <linux/sched/clock.h>
#include <linux/time.h>

/* 24 fractional bits: exact to well under a cycle for rates up to the GHz, and the largest
 * delta times the multiplier (2^31 cycles at any rate) stays far below 2^64. */
#define CLOCKEVENT_SHIFT	24

static u64 cycles_to_ns(const struct clock_event_device *dev, unsigned long cycles)
{
	return ((u64)cycles << dev->shift) / dev->mult;
}

/**
 * clockevents_config - set @dev's conversion and bounds from its rate
 * @dev: a device with min_delta_ticks and max_delta_ticks filled in
 * @freq: the rate its count runs at, in Hz
 *
 * Context: boot. Return: nothing.
 */
void clockevents_config(struct clock_event_device *dev, u32 freq)
{
	dev->shift = CLOCKEVENT_SHIFT;
	dev->mult = ((u64)freq << CLOCKEVENT_SHIFT) / NSEC_PER_SEC;
	if (!dev->mult)
		dev->mult = 1;
	dev->min_delta_ns = cycles_to_ns(dev, dev->min_delta_ticks);
	dev->max_delta_ns = cycles_to_ns(dev, dev->max_delta_ticks);
}

/**
 * clockevents_program_event - arm @dev's one-shot event for the time @expires
 * @dev: the calling CPU's device, in one-shot mode
 * @expires: a sched_clock() time; one already past fires as soon as the device allows
 *
 * A time beyond the device's reach is clamped: the event then comes early, and the tick code
 * finds nothing due and arms it again. The count is rounded up, so that the event does not
 * come before @expires by a fraction of a cycle.
 *
 * Context: interrupts off, on the device's CPU. Return: the device's set_next_event() result.
 */
int clockevents_program_event(struct clock_event_device *dev, u64 expires)
{
	u64 now = sched_clock(), delta;
	unsigned long cycles;

	delta = (s64)(expires - now) > 0 ? expires - now : 0;
	delta = clamp(delta, dev->min_delta_ns, dev->max_delta_ns);
	cycles = (delta * dev->mult + (1ULL << dev->shift) - 1) >> dev->shift;
	cycles = clamp(cycles, dev->min_delta_ticks, dev->max_delta_ticks);
	return dev->set_next_event(cycles, dev);
}
