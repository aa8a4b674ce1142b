// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite_sample: a caller of the auditlite API, for the demo, the
 * end-to-end tests and the benchmark. It logs records on every online CPU
 * from one context at a time:
 *
 *   process  a kthread per CPU, GFP_KERNEL
 *   softirq  a pinned softirq hrtimer per CPU (_SOFT), GFP_ATOMIC
 *   hardirq  a pinned hard-irq hrtimer per CPU (_HARD), GFP_ATOMIC
 *
 * also on PREEMPT_RT, where a _SOFT hrtimer runs in a thread serving
 * softirqs and one expires in hard interrupt context only in a _HARD mode.
 * Both timers fire every SAMPLE_HRTIMER_NS, not every tick: a timer_list
 * rearmed for the next jiffy fired every two or three ticks here, and
 * bounded a softirq run to what it emitted per firing, below what the
 * logger could take.
 * Each record checks that it is logged from the context its run names:
 * one that is not would test nothing of that context, so it WARNs once
 * (which fails a test VM's run: panic_on_warn) and is counted in
 * off_context.
 *
 * through one path:
 *
 *   auditlite  auditlite_log_start/format/end (the default)
 *   kaudit     the kernel's own audit_log_start/format/end
 *   floor      only the snprintf() of the same text into a stack buffer
 *   hostile    auditlite, with text that tries to break the log: newlines,
 *              forged "type=" records, quotes, NULs, bytes that are not
 *              UTF-8, control bytes, and the payload (up to 20 KiB), each
 *              through "%s", auditlite_log_untrustedstring() and
 *              auditlite_log_n_hex()
 *
 * Set path, count (records per CPU), size (payload bytes) and rate (records
 * per second per CPU, 0 for as fast as it can), then write the context's
 * name to the start parameter; writing stop ends it early. running drops
 * to 0 when every CPU is done;
 * emitted counts the records started, dropped those refused. caller_ns
 * gives the median and 99th percentile of the time one logged record took
 * the caller (start + format + end) in the last run, in ns, how many were
 * timed, and their mean: what the callers took of the CPUs, where the
 * slow paths of a few records weigh that the median does not see; start_ns and
 * end_ns the wall clock times the run started and emitted its last record,
 * in ns since the epoch, for the benchmark's rates.
 */

#include <linux/atomic.h>
#include <linux/audit.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>

#define SAMPLE_SIZE_MAX		20480
/* The floor formats on the stack, which in hardirq must stay small. */
#define SAMPLE_FLOOR_SIZE_MAX	1024
/*
 * Records per firing at most. A hard interrupt, with irqs off, keeps to
 * some 50 us (at 2-4 us a record under emulation); a softirq may run on
 * until the kernel hands the rest to ksoftirqd, as a flood of packets
 * would: then the scheduler shares the CPU between the callers and the
 * daemon. Under emulation an hrtimer fires every 200-600 us, not every
 * 50, so a small burst would bound the run below what the logger takes.
 */
#define SAMPLE_SOFTIRQ_BURST	64
#define SAMPLE_HARDIRQ_BURST	16
/* The hrtimers' period when running flat out. */
#define SAMPLE_HRTIMER_NS	(50 * NSEC_PER_USEC)

/* Caller times kept per CPU for the percentiles. */
#define SAMPLE_TIMES_MAX	(256 * 1024)

enum sample_context { SAMPLE_PROCESS, SAMPLE_SOFTIRQ, SAMPLE_HARDIRQ };

static const char *const sample_context_names[] = {
	[SAMPLE_PROCESS] = "process",
	[SAMPLE_SOFTIRQ] = "softirq",
	[SAMPLE_HARDIRQ] = "hardirq",
};

enum sample_path {
	SAMPLE_AUDITLITE,
	SAMPLE_KAUDIT,
	SAMPLE_FLOOR,
	SAMPLE_HOSTILE,
};

static const char *const sample_path_names[] = {
	[SAMPLE_AUDITLITE] = "auditlite",
	[SAMPLE_KAUDIT] = "kaudit",
	[SAMPLE_FLOOR] = "floor",
	[SAMPLE_HOSTILE] = "hostile",
};

#define SAMPLE_HOSTILE_TEXT(s)	{ s, sizeof(s) - 1 }

/* The hostile path's texts, in turn; then the payload. */
static const struct {
	const char *text;
	size_t len;
} sample_hostile[] = {
	SAMPLE_HOSTILE_TEXT("line\nbreak"),
	SAMPLE_HOSTILE_TEXT("x\ntype=DAEMON_START msg=audit(1.000:1): op=forged"),
	SAMPLE_HOSTILE_TEXT("say \"hi\" 'there'"),
	SAMPLE_HOSTILE_TEXT("nul\0\ntype=DAEMON_END msg=audit(1.000:2): op=forged"),
	SAMPLE_HOSTILE_TEXT("\xff\xfe\xc3\x28 not utf-8"),
	SAMPLE_HOSTILE_TEXT("cr\r tab\t esc\x1b del\x7f"),
};

static int sample_path_set(const char *val, const struct kernel_param *kp)
{
	int path = sysfs_match_string(sample_path_names, val);

	if (path < 0)
		return path;
	*(int *)kp->arg = path;
	return 0;
}

static int sample_path_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", sample_path_names[*(int *)kp->arg]);
}

static const struct kernel_param_ops sample_path_ops = {
	.set = sample_path_set,
	.get = sample_path_get,
};

static int path = SAMPLE_AUDITLITE;
module_param_cb(path, &sample_path_ops, &path, 0644);
MODULE_PARM_DESC(path, "auditlite (default), kaudit or floor");

static unsigned int count = 1000;
module_param(count, uint, 0644);
MODULE_PARM_DESC(count, "Records per CPU for the next run");
static unsigned int size = 64;
module_param(size, uint, 0644);
MODULE_PARM_DESC(size, "Payload bytes per record (at most 16384, 1024 for floor)");
static unsigned int rate;
module_param(rate, uint, 0644);
MODULE_PARM_DESC(rate, "Records per second per CPU, 0 for as fast as possible");

/* CPUs still emitting in the current run. */
static atomic_t sample_running = ATOMIC_INIT(0);
/* Records started, and refused by auditlite, since load. */
static atomic64_t sample_emitted = ATOMIC64_INIT(0);
static atomic64_t sample_dropped = ATOMIC64_INIT(0);
/* Records started from another context than their run's, since load. */
static atomic64_t sample_off_context = ATOMIC64_INIT(0);

/* The run's parameters, fixed when it starts. */
static struct {
	enum sample_context context;
	enum sample_path path;
	unsigned int count;
	unsigned int rate;
	char *payload;
	u64 start_ns;
	u64 end_ns;
	u64 start_mono_ns;
	enum hrtimer_mode hrtimer_mode;
} sample_run;

/**
 * struct sample_cpu - one CPU's emitter
 * @task: the process-context kthread
 * @hrtimer: the softirq or hardirq timer, as the run's context says
 * @left: records still to emit; only its own context touches it
 * @seq: records emitted in this run
 * @timed: records in @times
 * @times: how long each logged record took the caller, in ns, for the
 *	first SAMPLE_TIMES_MAX logged records of the run
 */
struct sample_cpu {
	struct task_struct *task;
	struct hrtimer hrtimer;
	unsigned int left;
	unsigned int seq;
	unsigned int timed;
	u32 *times;
};

static DEFINE_PER_CPU(struct sample_cpu, sample_cpus);

#define SAMPLE_FMT "op=sample ctx=%s cpu=%d seq=%u payload=%s"

static bool sample_log_hostile(struct sample_cpu *sc, gfp_t gfp, int cpu)
{
	unsigned int i = sc->seq % (ARRAY_SIZE(sample_hostile) + 1);
	const char *s = sample_run.payload;
	size_t len = strlen(s);
	struct auditlite_buffer *ab;

	if (i < ARRAY_SIZE(sample_hostile)) {
		s = sample_hostile[i].text;
		len = sample_hostile[i].len;
	}
	ab = auditlite_log_start(gfp, AUDIT_KERNEL_OTHER);
	if (!ab)
		return false;
	auditlite_log_format(ab, "op=hostile cpu=%d seq=%u case=%u text=%s untrusted=",
			     cpu, sc->seq, i, s);
	auditlite_log_untrustedstring(ab, s);
	auditlite_log_format(ab, " hex=");
	auditlite_log_n_hex(ab, (const unsigned char *)s, len);
	auditlite_log_end(ab);
	return true;
}

/* One record through the run's path; false if it was refused. */
static bool sample_log(struct sample_cpu *sc, gfp_t gfp)
{
	const char *ctx = sample_context_names[sample_run.context];
	const char *payload = sample_run.payload;
	int cpu = raw_smp_processor_id();
	struct auditlite_buffer *ab;
	struct audit_buffer *kab;
	char text[SAMPLE_FLOOR_SIZE_MAX + 128];

	switch (sample_run.path) {
	case SAMPLE_AUDITLITE:
		ab = auditlite_log_start(gfp, AUDIT_KERNEL_OTHER);
		if (!ab)
			return false;
		auditlite_log_format(ab, SAMPLE_FMT, ctx, cpu, sc->seq, payload);
		auditlite_log_end(ab);
		return true;
	case SAMPLE_KAUDIT:
		kab = audit_log_start(NULL, gfp, AUDIT_KERNEL_OTHER);
		if (!kab)
			return false;
		audit_log_format(kab, SAMPLE_FMT, ctx, cpu, sc->seq, payload);
		audit_log_end(kab);
		return true;
	case SAMPLE_FLOOR:
		snprintf(text, sizeof(text), SAMPLE_FMT, ctx, cpu, sc->seq, payload);
		/* Keep the compiler from dropping the unused text. */
		barrier_data(text);
		return true;
	case SAMPLE_HOSTILE:
		return sample_log_hostile(sc, gfp, cpu);
	}
	return false;
}

/* Whether the caller runs in @context, as the kernel accounts it. */
static bool sample_in_context(enum sample_context context)
{
	switch (context) {
	case SAMPLE_PROCESS:
		return in_task();
	case SAMPLE_SOFTIRQ:
		return in_serving_softirq() && !in_hardirq() && !in_nmi();
	case SAMPLE_HARDIRQ:
		return in_hardirq() && irqs_disabled();
	}
	return false;
}

static void sample_emit(struct sample_cpu *sc, gfp_t gfp)
{
	u64 t0, t1;
	bool logged;

	if (unlikely(!sample_in_context(sample_run.context))) {
		atomic64_inc(&sample_off_context);
		WARN_ONCE(1, "auditlite_sample: a %s record from another context (preempt_count %#x)\n",
			  sample_context_names[sample_run.context], preempt_count());
	}
	atomic64_inc(&sample_emitted);
	t0 = local_clock();
	logged = sample_log(sc, gfp);
	t1 = local_clock();
	/* A refusal is cheap: timing it would flatter a logger that drops. */
	if (!logged)
		atomic64_inc(&sample_dropped);
	else if (sc->times && sc->timed < SAMPLE_TIMES_MAX)
		sc->times[sc->timed++] = min_t(u64, t1 - t0, U32_MAX);
	sc->seq++;
	if (!--sc->left && atomic_dec_and_test(&sample_running))
		sample_run.end_ns = ktime_get_real_ns();
}

/*
 * Records @sc is to emit now, up to @max: at the run's rate, what it owes
 * since the run started, so that a late firing catches up and no rounding
 * of a per-firing share slows the rate down.
 */
static unsigned int sample_burst(struct sample_cpu *sc, unsigned int max)
{
	u64 due;

	if (!sample_run.rate)
		return max;
	due = div_u64((u64)sample_run.rate *
		      (ktime_get_ns() - sample_run.start_mono_ns), NSEC_PER_SEC);
	return due > sc->seq ? min_t(u64, due - sc->seq, max) : 0;
}

static int sample_thread(void *data)
{
	struct sample_cpu *sc = data;
	unsigned long gap_us = sample_run.rate ? USEC_PER_SEC / sample_run.rate : 0;

	while (sc->left && !kthread_should_stop()) {
		sample_emit(sc, GFP_KERNEL);
		if (gap_us)
			usleep_range(gap_us, gap_us + gap_us / 8 + 1);
		else
			cond_resched();
	}
	/* kthread_stop() expects us to wait for it. */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static enum hrtimer_restart sample_hrtimer_fn(struct hrtimer *t)
{
	struct sample_cpu *sc = container_of(t, struct sample_cpu, hrtimer);
	u64 period = sample_run.rate ?
		     max_t(u64, NSEC_PER_SEC / sample_run.rate, SAMPLE_HRTIMER_NS) :
		     SAMPLE_HRTIMER_NS;
	unsigned int n = sample_burst(sc, sample_run.context == SAMPLE_SOFTIRQ ?
					  SAMPLE_SOFTIRQ_BURST : SAMPLE_HARDIRQ_BURST);

	while (sc->left && n--)
		sample_emit(sc, GFP_ATOMIC);
	if (!sc->left)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(period));
	return HRTIMER_RESTART;
}

/*
 * Runs on the CPU whose hrtimer it starts, so the timer stays pinned there.
 * _HARD or _SOFT, here and at init, which must agree: on PREEMPT_RT an
 * hrtimer with neither expires in softirq, and the hardirq run would be a
 * second softirq one.
 */
static void sample_hrtimer_start(void *data)
{
	struct sample_cpu *sc = data;

	hrtimer_init(&sc->hrtimer, CLOCK_MONOTONIC, sample_run.hrtimer_mode);
	sc->hrtimer.function = sample_hrtimer_fn;
	hrtimer_start(&sc->hrtimer, ns_to_ktime(SAMPLE_HRTIMER_NS),
		      sample_run.hrtimer_mode);
}

static void sample_stop(void)
{
	struct sample_cpu *sc;
	int cpu;

	for_each_possible_cpu(cpu) {
		sc = per_cpu_ptr(&sample_cpus, cpu);
		if (sc->task) {
			kthread_stop(sc->task);
			sc->task = NULL;
		}
		hrtimer_cancel(&sc->hrtimer);
	}
	atomic_set(&sample_running, 0);
}

static int sample_start(enum sample_context context)
{
	struct sample_cpu *sc;
	char *payload;
	int cpu;

	if (atomic_read(&sample_running))
		return -EBUSY;
	if (!count || size > SAMPLE_SIZE_MAX)
		return -EINVAL;
	if (path == SAMPLE_FLOOR && size > SAMPLE_FLOOR_SIZE_MAX)
		return -EINVAL;

	/* Stop what a finished run left armed before changing its state. */
	sample_stop();
	payload = kmalloc(size + 1, GFP_KERNEL);
	if (!payload)
		return -ENOMEM;
	memset(payload, 'x', size);
	payload[size] = '\0';
	kfree(sample_run.payload);
	sample_run.payload = payload;
	sample_run.context = context;
	sample_run.path = path;
	sample_run.count = count;
	sample_run.rate = rate;
	sample_run.hrtimer_mode = context == SAMPLE_SOFTIRQ ?
				  HRTIMER_MODE_REL_PINNED_SOFT :
				  HRTIMER_MODE_REL_PINNED_HARD;
	sample_run.start_ns = ktime_get_real_ns();
	sample_run.end_ns = 0;
	sample_run.start_mono_ns = ktime_get_ns();

	cpus_read_lock();
	atomic_set(&sample_running, num_online_cpus());
	for_each_online_cpu(cpu) {
		sc = per_cpu_ptr(&sample_cpus, cpu);
		sc->left = sample_run.count;
		sc->seq = 0;
		sc->timed = 0;
		if (!sc->times)
			sc->times = vmalloc_array(SAMPLE_TIMES_MAX, sizeof(u32));
		switch (context) {
		case SAMPLE_PROCESS:
			sc->task = kthread_create_on_cpu(sample_thread, sc, cpu,
							 "auditlite_sample/%u");
			if (IS_ERR(sc->task)) {
				sc->task = NULL;
				atomic_dec(&sample_running);
				break;
			}
			wake_up_process(sc->task);
			break;
		case SAMPLE_SOFTIRQ:
		case SAMPLE_HARDIRQ:
			smp_call_function_single(cpu, sample_hrtimer_start, sc, 1);
			break;
		}
	}
	cpus_read_unlock();
	return 0;
}

static int sample_start_set(const char *val, const struct kernel_param *kp)
{
	int context = sysfs_match_string(sample_context_names, val);

	if (context < 0)
		return context;
	return sample_start(context);
}

static const struct kernel_param_ops sample_start_ops = {
	.set = sample_start_set,
};
module_param_cb(start, &sample_start_ops, NULL, 0200);

/* Any write ends the run now; emitted is then final. */
static int sample_stop_set(const char *val, const struct kernel_param *kp)
{
	sample_stop();
	return 0;
}

static const struct kernel_param_ops sample_stop_ops = {
	.set = sample_stop_set,
};
module_param_cb(stop, &sample_stop_ops, NULL, 0200);
MODULE_PARM_DESC(start, "Write process, softirq or hardirq to start a run");

static int sample_get_running(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&sample_running));
}

static int sample_get_emitted(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&sample_emitted));
}

static int sample_get_dropped(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&sample_dropped));
}

static int sample_get_off_context(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&sample_off_context));
}

static int sample_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* Median, 99th percentile and mean of every CPU's caller times in the last run. */
static int sample_get_caller_ns(char *buf, const struct kernel_param *kp)
{
	struct sample_cpu *sc;
	size_t n = 0, k, i;
	u64 sum = 0;
	u32 *all;
	int cpu, ret;

	if (atomic_read(&sample_running))
		return -EBUSY;
	all = vmalloc_array(num_possible_cpus() * SAMPLE_TIMES_MAX, sizeof(u32));
	if (!all)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		sc = per_cpu_ptr(&sample_cpus, cpu);
		if (!sc->times)
			continue;
		k = sc->timed;
		memcpy(all + n, sc->times, k * sizeof(u32));
		n += k;
	}
	for (i = 0; i < n; i++)
		sum += all[i];
	sort(all, n, sizeof(u32), sample_cmp_u32, NULL);
	ret = n ? sysfs_emit(buf, "%u %u %zu %llu\n", all[n / 2], all[n * 99 / 100], n,
			     div64_u64(sum, n)) :
		  sysfs_emit(buf, "0 0 0 0\n");
	vfree(all);
	return ret;
}

static const struct kernel_param_ops sample_caller_ns_ops = { .get = sample_get_caller_ns };
module_param_cb(caller_ns, &sample_caller_ns_ops, NULL, 0444);
MODULE_PARM_DESC(caller_ns, "Median and p99 caller ns, samples, and mean ns of the last run's logged records");

static const struct kernel_param_ops sample_running_ops = { .get = sample_get_running };
static const struct kernel_param_ops sample_emitted_ops = { .get = sample_get_emitted };
static const struct kernel_param_ops sample_dropped_ops = { .get = sample_get_dropped };
static const struct kernel_param_ops sample_off_context_ops = { .get = sample_get_off_context };
module_param_named(start_ns, sample_run.start_ns, ullong, 0444);
MODULE_PARM_DESC(start_ns, "Wall clock ns when the last run started");
module_param_named(end_ns, sample_run.end_ns, ullong, 0444);
MODULE_PARM_DESC(end_ns, "Wall clock ns when the last run emitted its last record, 0 before");
module_param_cb(running, &sample_running_ops, NULL, 0444);
MODULE_PARM_DESC(running, "CPUs still emitting in the current run");
module_param_cb(emitted, &sample_emitted_ops, NULL, 0444);
MODULE_PARM_DESC(emitted, "Records started since load");
module_param_cb(dropped, &sample_dropped_ops, NULL, 0444);
MODULE_PARM_DESC(dropped, "Records the logger refused since load");
module_param_cb(off_context, &sample_off_context_ops, NULL, 0444);
MODULE_PARM_DESC(off_context, "Records started outside their run's context since load");

static int __init sample_init(void)
{
	struct sample_cpu *sc;
	int cpu;

	for_each_possible_cpu(cpu) {
		sc = per_cpu_ptr(&sample_cpus, cpu);
		hrtimer_init(&sc->hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	}
	return 0;
}

static void __exit sample_exit(void)
{
	int cpu;

	sample_stop();
	for_each_possible_cpu(cpu)
		vfree(per_cpu_ptr(&sample_cpus, cpu)->times);
	kfree(sample_run.payload);
}

module_init(sample_init);
module_exit(sample_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Emits auditlite records from process, softirq and hardirq context");
MODULE_IMPORT_NS(AUDITLITE);
