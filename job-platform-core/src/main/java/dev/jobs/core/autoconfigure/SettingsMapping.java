package dev.jobs.core.autoconfigure;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.delivery.DeliverySettings;
import dev.jobs.core.instance.InstanceSettings;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.metrics.MetricsSettings;
import dev.jobs.core.result.ResultSettings;
import dev.jobs.core.schedule.ScheduleSettings;
import dev.jobs.core.schedule.Schedules;
import dev.jobs.core.web.ApiSettings;

/**
 * How the {@code jobs.*} properties become the settings records the engine reads: configuration flows one way,
 * from the properties classes through here into the engine, which never sees a properties class. Each record
 * checks its own area and refuses contradictory values with an {@link IllegalArgumentException} naming the
 * properties, so what is valid is written once, beside the code that relies on it. The job types' settings
 * have a mapping of their own ({@link JobTypeSettingsMapping}).
 */
public final class SettingsMapping {

	/** The prefix of an application without a name (and platform-app's, which sets it explicitly). */
	static final String SHARED_BROKER_PREFIX = "jobs";

	private SettingsMapping() {
	}

	/**
	 * The delivery side's settings (workers, leases, relay, publisher, the engine's pool).
	 * @throws IllegalArgumentException naming the properties that contradict each other
	 */
	public static DeliverySettings delivery(String workerId, JobsWorkerProperties worker, JobsLeaseProperties lease,
			JobsRelayProperties relay, JobsPublisherProperties publisher, JobsEngineProperties engine) {
		return new DeliverySettings(workerId, worker.getDrainTimeout(), worker.getTimeoutGrace(), lease.getDuration(),
				lease.getHeartbeatInterval(), lease.getReaperInterval(), relay.isEnabled(), relay.getInterval(),
				relay.getMinAge(), relay.getBatchSize(), relay.getOverdueAfter(), relay.getMaxBackoff(),
				publisher.getConfirmTimeout(), publisher.getQueueCapacity(), publisher.getMarkInterval(),
				engine.getPoolSize());
	}

	/** {@code jobs.worker.id}, else a name unique to this process: host:pid:random. */
	public static String workerId(JobsWorkerProperties worker) {
		String configured = worker.getId();
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = "unknown-host";
		}
		long pid = ManagementFactory.getRuntimeMXBean().getPid();
		return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * The broker topology's settings.
	 * @param applicationName {@code spring.application.name}, or {@code null}: names the queues when
	 * {@code jobs.broker.prefix} is unset ({@link #brokerPrefix})
	 */
	public static JobTopology.Settings topology(JobsBrokerProperties broker, String applicationName) {
		return new JobTopology.Settings(brokerPrefix(broker, applicationName), broker.getQueueType(),
				broker.getDeliveryLimit(), List.copyOf(broker.getRetryTiers()));
	}

	/**
	 * {@code jobs.broker.prefix}, else {@code <application name>-jobs}, else {@code jobs}: two applications on
	 * one broker keep apart without configuring anything as long as they have names.
	 */
	public static String brokerPrefix(JobsBrokerProperties broker, String applicationName) {
		if (hasText(broker.getPrefix())) {
			return broker.getPrefix();
		}
		return ownName(applicationName).map(name -> name + "-jobs").orElse(SHARED_BROKER_PREFIX);
	}

	/**
	 * {@code jobs.results.directory}, else {@code ${java.io.tmpdir}/<application name>/jobs-results}, else
	 * {@code ${java.io.tmpdir}/jobs-results}: two applications on one host keep their files apart without
	 * configuring anything as long as they have names.
	 */
	public static Path resultDirectory(JobsResultProperties results, String applicationName) {
		if (results.getDirectory() != null) {
			return results.getDirectory();
		}
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		return ownName(applicationName).map(name -> tmp.resolve(name).resolve("jobs-results"))
			.orElse(tmp.resolve("jobs-results"));
	}

	/**
	 * The warning to log at start when the queue prefix or the result directory falls back to the value every
	 * unnamed application shares (neither the property nor {@code spring.application.name} is set); empty when
	 * both are the application's own.
	 */
	public static Optional<String> sharedPlacesWarning(JobsBrokerProperties broker, JobsResultProperties results,
			String applicationName) {
		if (ownName(applicationName).isPresent()) {
			return Optional.empty();
		}
		List<String> shared = new ArrayList<>();
		if (!hasText(broker.getPrefix())) {
			shared.add("jobs.broker.prefix=" + SHARED_BROKER_PREFIX);
		}
		if (results.getDirectory() == null) {
			shared.add("jobs.results.directory=" + resultDirectory(results, null));
		}
		if (shared.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of("The job platform uses " + String.join(" and ", shared)
				+ ", shared with every other application that has no name: their queues or result files would mix."
				+ " Set spring.application.name (the defaults become <name>-jobs and ${java.io.tmpdir}/<name>/jobs-results)"
				+ " or set these properties.");
	}

	/**
	 * The application's name made safe for a queue name and a directory: anything but letters, digits, '.', '_'
	 * and '-' becomes '-', and leading dots and dashes go, so a name can neither nest directories nor climb out of the
	 * temporary directory.
	 */
	private static Optional<String> ownName(String applicationName) {
		if (!hasText(applicationName)) {
			return Optional.empty();
		}
		String safe = applicationName.trim().replaceAll("[^A-Za-z0-9._-]+", "-").replaceFirst("^[.-]+", "");
		return safe.isEmpty() ? Optional.empty() : Optional.of(safe);
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * The REST API's settings.
	 * @throws IllegalArgumentException naming the property whose value is out of range
	 */
	public static ApiSettings api(JobsApiProperties api) {
		return new ApiSettings(api.getMaxPageSize(), api.getAdminRoles(), api.isAllowAnonymous(),
				api.getMaxRequestSize().toBytes(), api.getReaderRoles());
	}

	/**
	 * The gauges' settings.
	 * @throws IllegalArgumentException naming the property whose value is out of range
	 */
	public static MetricsSettings metrics(JobsMetricsProperties metrics) {
		JobsMetricsProperties.ManagementApi managementApi = metrics.getManagementApi();
		return new MetricsSettings(metrics.getPollInterval(), managementApi.getUrl(), managementApi.getUsername(),
				managementApi.getPassword());
	}

	/**
	 * The scheduler's settings and the schedules from configuration.
	 * @throws IllegalArgumentException naming the properties that contradict each other
	 */
	public static ScheduleSettings schedules(JobsScheduleProperties schedules) {
		Map<String, Schedules.NewSchedule> definitions = new LinkedHashMap<>();
		schedules.getDefinitions()
			.forEach((id, d) -> definitions.put(id, new Schedules.NewSchedule(id, d.getType(), d.getPayload(),
					d.getCron(), d.getZone(), d.getFixedRate(), d.getMisfire())));
		return new ScheduleSettings(schedules.isEnabled(), schedules.getPollInterval(), schedules.getMisfireGrace(),
				definitions);
	}

	/**
	 * Result files' settings; their retention is checked where it is used ({@code ResultRetention}).
	 * @param applicationName {@code spring.application.name}, or {@code null}: places the files when
	 * {@code jobs.results.directory} is unset ({@link #resultDirectory})
	 */
	public static ResultSettings results(JobsResultProperties results, String applicationName) {
		return new ResultSettings(resultDirectory(results, applicationName), results.getRetention(),
				results.getCleanup().getInterval(), results.getCleanup().getBatchSize());
	}

	public static InstanceSettings instances(JobsInstancesProperties properties) {
		return new InstanceSettings(properties.getHeartbeatInterval(), properties.getGoneAfter(),
				properties.getRetention());
	}

}
