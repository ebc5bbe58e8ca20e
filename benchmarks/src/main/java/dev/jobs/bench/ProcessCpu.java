package dev.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time used by PostgreSQL, RabbitMQ, this JVM and the whole machine, read from {@code /proc} (Linux), so that a
 * window's figures say which process a job's work lands on: the question "which resource saturates first" of
 * {@code docs/CAPACITY.md}, answered by measurement. PostgreSQL's time is every {@code postgres} process's plus what
 * the postmaster collected from the backends that exited during the window; RabbitMQ's is the Erlang VM's
 * ({@code beam.smp}). Both count the whole server, so run on a machine where the benchmark is the only load (other
 * databases' work on a shared server counts too). Where {@code /proc} cannot be read, every figure is {@code -1}.
 */
final class ProcessCpu {

	/** Linux's USER_HZ: {@code /proc} counts CPU time in hundredths of a second. */
	private static final long MICROS_PER_TICK = 10_000;

	/** CPU microseconds used so far, by process group. */
	record Sample(long postgres, long rabbit, long jvm, long machine, long wallMicros) {

		Sample minus(Sample before) {
			if (postgres < 0 || before.postgres < 0) {
				return new Sample(-1, -1, jvm - before.jvm, -1, wallMicros - before.wallMicros);
			}
			return new Sample(postgres - before.postgres, rabbit - before.rabbit, jvm - before.jvm,
					machine - before.machine, wallMicros - before.wallMicros);
		}

		Sample withWall(long micros) {
			return new Sample(postgres, rabbit, jvm, machine, micros);
		}

		Sample plus(Sample other) {
			if (postgres < 0 || other.postgres < 0) {
				return new Sample(-1, -1, jvm + other.jvm, -1, wallMicros + other.wallMicros);
			}
			return new Sample(postgres + other.postgres, rabbit + other.rabbit, jvm + other.jvm,
					machine + other.machine, wallMicros + other.wallMicros);
		}

	}

	private ProcessCpu() {
	}

	static Sample now() {
		long wall = System.nanoTime() / 1_000;
		long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1_000;
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			long postgres = 0;
			long rabbit = 0;
			List<Path> postmasters = new java.util.ArrayList<>();
			for (Path dir : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
				.toList()) {
				List<String> fields = statFields(dir);
				if (fields == null) {
					continue;
				}
				String name = fields.get(0);
				long own = ticks(fields, 12) + ticks(fields, 13);
				if (name.equals("postgres")) {
					if ("postgres".equals(parentName(fields))) {
						postgres += own;
					}
					else {
						postmasters.add(dir);
					}
				}
				else if (name.equals("beam.smp")) {
					rabbit += own;
				}
			}
			// Read last: a backend that exited while the others were read is in its children's times (fields 15
			// and 16 of stat) by now, instead of in neither.
			for (Path postmaster : postmasters) {
				List<String> fields = statFields(postmaster);
				if (fields != null) {
					postgres += ticks(fields, 12) + ticks(fields, 13) + ticks(fields, 14) + ticks(fields, 15);
				}
			}
			return new Sample(postgres * MICROS_PER_TICK, rabbit * MICROS_PER_TICK, jvm, machineBusy(), wall);
		}
		catch (IOException | RuntimeException ex) {
			return new Sample(-1, -1, jvm, -1, wall);
		}
	}

	/** The fields of {@code /proc/PID/stat} from the command name on ({@code comm} first, then state, ppid, …). */
	private static List<String> statFields(Path dir) {
		try {
			String stat = Files.readString(dir.resolve("stat"));
			int open = stat.indexOf('(');
			int close = stat.lastIndexOf(')');
			String comm = stat.substring(open + 1, close);
			String[] rest = stat.substring(close + 2).split(" ");
			return Stream.concat(Stream.of(comm), Stream.of(rest)).toList();
		}
		catch (IOException | RuntimeException ex) {
			return null; // the process ended while we looked
		}
	}

	private static String parentName(List<String> fields) {
		List<String> parent = statFields(Path.of("/proc", fields.get(2)));
		return (parent != null) ? parent.get(0) : "";
	}

	private static long ticks(List<String> fields, int index) {
		return Long.parseLong(fields.get(index));
	}

	/**
	 * Busy time of all cores: user, nice, system, irq and softirq of {@code /proc/stat}'s first line; not idle,
	 * iowait, nor steal (time the hypervisor gave to another machine).
	 */
	private static long machineBusy() throws IOException {
		String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
		long busy = 0;
		for (int i : new int[] { 1, 2, 3, 6, 7 }) {
			busy += Long.parseLong(cpu[i]);
		}
		return busy * MICROS_PER_TICK;
	}

}
