package dev.jobs.core.autoconfigure;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.delivery.DeliverySettings;
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

	/** The broker topology's settings. */
	public static JobTopology.Settings topology(JobsBrokerProperties broker) {
		return new JobTopology.Settings(broker.getPrefix(), broker.getQueueType(), broker.getDeliveryLimit(),
				List.copyOf(broker.getRetryTiers()));
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

	/** Result files' settings; their retention is checked where it is used ({@code ResultRetention}). */
	public static ResultSettings results(JobsResultProperties results) {
		return new ResultSettings(results.getDirectory(), results.getRetention(), results.getCleanup().getInterval(),
				results.getCleanup().getBatchSize());
	}

}
