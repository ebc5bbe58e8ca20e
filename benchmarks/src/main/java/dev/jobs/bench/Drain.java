package dev.jobs.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.bench.ThroughputBenchmark.Result;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobTypeControls;
import io.micrometer.core.instrument.MeterRegistry;
import dev.jobs.core.delivery.Workers;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worker drain: jobs already queued (submitted with {@code submitAll} while every instance's workers are
 * stopped, published and confirmed), then the workers start, timed until every job is {@code SUCCEEDED}. What a
 * backlog costs to work off, without the submit in the figure.
 */
final class Drain {

	private static final String TYPE = "NOOP";

	private Drain() {
	}

	/**
	 * @param instances the platform instances whose workers drain the queue (the first one submits)
	 * @param poll a connection of the benchmark's own, not counted as the platform's
	 */
	/** A drain's CPU time, by the row it measured: the capacity model's check (docs/CAPACITY.md). */
	record Measured(int instances, ProcessCpu.Sample cpu) {
	}

	static final java.util.Map<String, Measured> CPU = new java.util.LinkedHashMap<>();

	static Result run(String what, List<ConfigurableApplicationContext> instances, JdbcClient poll, int jobs,
			int threads) throws Exception {
		queue(instances, poll, jobs, threads);
		return drain(what, instances, poll, jobs);
	}

	/**
	 * The drain on one instance with a limit across the cluster set on NOOP (one that never binds: what the
	 * limit's claim path costs), applied as an operator would, then reset.
	 * @param limit sets the limit; {@code gauge} is the meter that shows it applied
	 */
	static Result limited(String what, ConfigurableApplicationContext instance, JdbcClient poll, int jobs, int threads,
			java.util.function.Consumer<JobTypeControls> limit, String gauge) throws Exception {
		JobTypeControls controls = instance.getBean(JobTypeControls.class);
		MeterRegistry meters = instance.getBean(MeterRegistry.class);
		limit.accept(controls);
		try {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (Double.isNaN(meters.get(gauge).tag("type", TYPE).gauge().value())) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The limit was not applied within 30 s");
				}
				Thread.sleep(50);
			}
			return run(what, List.of(instance), poll, jobs, threads);
		}
		finally {
			controls.resetGlobalConcurrency(TYPE, "benchmark");
			controls.resetRateLimit(TYPE, "benchmark");
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!Double.isNaN(meters.get(gauge).tag("type", TYPE).gauge().value())
					&& System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
		}
	}

	/** Stops the workers, then submits {@code jobs} NOOP jobs and waits until every one is confirmed by the broker. */
	static void queue(List<ConfigurableApplicationContext> instances, JdbcClient poll, int jobs, int threads)
			throws Exception {
		poll.sql("truncate {jobs}.job cascade").update();
		for (ConfigurableApplicationContext instance : instances) {
			instance.getBean(Workers.class).stopConsuming(TYPE);
		}
		submit(instances, poll, jobs, threads);
	}

	/** Submits {@code jobs} NOOP jobs, 100 per call, and waits until the broker confirmed every one. */
	static void submit(List<ConfigurableApplicationContext> instances, JdbcClient poll, int jobs, int threads)
			throws Exception {
		submit(instances, poll, jobs, threads, 100);
	}

	/** As {@link #submit}, {@code perCall} jobs per call: {@code submitAll}, or {@code submit} when 1. */
	static void submit(List<ConfigurableApplicationContext> instances, JdbcClient poll, int jobs, int threads,
			int perCall) throws Exception {
		JobClient client = instances.get(0).getBean(JobClient.class);
		AtomicInteger left = new AtomicInteger(jobs);
		ThroughputBenchmark.runParallel(threads, () -> {
			int take;
			while ((take = Math.min(perCall, left.getAndAdd(-perCall))) > 0) {
				if (perCall == 1) {
					client.submit(TYPE, null);
					continue;
				}
				List<JobClient.JobRequest> requests = new ArrayList<>(take);
				for (int i = 0; i < take; i++) {
					requests.add(JobClient.JobRequest.of(TYPE, null));
				}
				client.submitAll(requests);
			}
			return null;
		});
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (poll.sql("select count(*) from {jobs}.job where status = 'QUEUED'").query(Long.class).single() < jobs) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Jobs not all queued after 5 minutes");
			}
			Thread.sleep(100);
		}
	}

	/** Starts the workers of every instance and waits until every queued job succeeded. */
	static Result drain(String what, List<ConfigurableApplicationContext> instances, JdbcClient poll, int jobs)
			throws InterruptedException {
		long start = System.nanoTime();
		ProcessCpu.Sample before = ProcessCpu.now();
		for (ConfigurableApplicationContext instance : instances) {
			instance.getBean(Workers.class).startConsuming(TYPE);
		}
		ThroughputBenchmark.awaitAllSucceeded(poll, jobs);
		Duration wall = Duration.ofNanos(System.nanoTime() - start);
		CPU.put(what, new Measured(instances.size(), ProcessCpu.now().minus(before)));
		System.out.printf(Locale.ROOT, "drain (%d instance(s)): %d queued jobs succeeded in %.2f s%n", instances.size(),
				jobs, wall.toNanos() / 1e9);
		return new Result(what, jobs, wall);
	}

}
