package dev.jobs.core.autoconfigure;

import java.net.URI;
import java.time.Duration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.jobs.core.delivery.DeliverySettings;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.JobTypeSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the job platform, all under {@code jobs.*}.
 */
@ConfigurationProperties("jobs")
public class JobsProperties {

	/** Defaults for every job type; a type overrides them under {@code jobs.types.<TYPE>.*}. */
	private TypeProperties defaults = TypeProperties.builtInDefaults();

	/** Per-type settings, keyed by the type name (e.g. {@code jobs.types.EMPLOYEE_EXPORT.concurrency}). */
	private Map<String, TypeProperties> types = new LinkedHashMap<>();

	private final Worker worker = new Worker();

	private final Broker broker = new Broker();

	private final Publisher publisher = new Publisher();

	private final Relay relay = new Relay();

	private final Lease lease = new Lease();

	private final Api api = new Api();

	private final Schema schema = new Schema();

	private final Diagnostics diagnostics = new Diagnostics();

	private final Metrics metrics = new Metrics();

	private final Engine engine = new Engine();

	private final Schedules schedules = new Schedules();

	public Schedules getSchedules() {
		return schedules;
	}

	/** The scheduler's settings and the schedules from configuration. */
	public dev.jobs.core.schedule.ScheduleSettings scheduleSettings() {
		Map<String, dev.jobs.core.schedule.Schedules.NewSchedule> definitions = new LinkedHashMap<>();
		schedules.getDefinitions()
			.forEach((id, d) -> definitions.put(id, new dev.jobs.core.schedule.Schedules.NewSchedule(id, d.getType(),
					d.getPayload(), d.getCron(), d.getZone(), d.getFixedRate(), d.getMisfire())));
		return new dev.jobs.core.schedule.ScheduleSettings(schedules.isEnabled(), schedules.getPollInterval(),
				schedules.getMisfireGrace(), definitions);
	}

	/** Recurring schedules ({@code jobs.schedules.*}); see docs/SCHEDULES.md. */
	public static class Schedules {

		/** Whether this instance fires schedules; the schedules API works either way. */
		private boolean enabled = true;

		/** How often due schedules are looked for: a firing runs at most about this late. */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * How late a firing may be found and still count as on time; found later (everything was down),
		 * it was missed and the schedule's misfire policy applies.
		 */
		private Duration misfireGrace = Duration.ofMinutes(1);

		/** Schedules from configuration, by id (lower case, e.g. {@code weekly-rd-export}). */
		private Map<String, Definition> definitions = new LinkedHashMap<>();

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollInterval() {
			return pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getMisfireGrace() {
			return misfireGrace;
		}

		public void setMisfireGrace(Duration misfireGrace) {
			this.misfireGrace = misfireGrace;
		}

		public Map<String, Definition> getDefinitions() {
			return definitions;
		}

		public void setDefinitions(Map<String, Definition> definitions) {
			this.definitions = definitions;
		}

	}

	/** One schedule from configuration: exactly one of {@code cron} (with {@code zone}) or {@code fixed-rate}. */
	public static class Definition {

		/** The job type each firing submits. */
		private String type;

		/** The payload of every job it submits. */
		private Map<String, Object> payload = new LinkedHashMap<>();

		/** A Spring cron expression with seconds, e.g. {@code 0 0 8 * * MON}. */
		private String cron;

		/** The time zone the cron expression is read in, e.g. {@code Asia/Shanghai}. */
		private String zone;

		/** The period of a fixed-rate schedule (at least 1s). */
		private Duration fixedRate;

		/** What happens to firings missed while everything was down: RUN_ONCE (default) or SKIP. */
		private dev.jobs.core.schedule.MisfirePolicy misfire = dev.jobs.core.schedule.MisfirePolicy.RUN_ONCE;

		public String getType() {
			return type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public Map<String, Object> getPayload() {
			return payload;
		}

		public void setPayload(Map<String, Object> payload) {
			this.payload = payload;
		}

		public String getCron() {
			return cron;
		}

		public void setCron(String cron) {
			this.cron = cron;
		}

		public String getZone() {
			return zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public Duration getFixedRate() {
			return fixedRate;
		}

		public void setFixedRate(Duration fixedRate) {
			this.fixedRate = fixedRate;
		}

		public dev.jobs.core.schedule.MisfirePolicy getMisfire() {
			return misfire;
		}

		public void setMisfire(dev.jobs.core.schedule.MisfirePolicy misfire) {
			this.misfire = misfire;
		}

	}

	public Engine getEngine() {
		return engine;
	}

	public static class Engine {

		/**
		 * Connections of the engine's own pool (claims, completions, heartbeats, relay), so they never
		 * wait behind handlers holding the application's connections; 0 shares the application's pool.
		 */
		private int poolSize = 6;

		public int getPoolSize() {
			return poolSize;
		}

		public void setPoolSize(int poolSize) {
			this.poolSize = poolSize;
		}

	}

	/** Each type's effective settings: {@code jobs.types.<TYPE>.*} over {@code jobs.defaults.*}. */
	public JobTypeSettings.Source typeSettings() {
		return new JobTypeSettings.Source() {
			@Override
			public JobTypeSettings settingsFor(String type, List<String> handlerRoles,
					dev.jobs.core.JobSettings inCode) {
				return resolve(defaults, types.get(type), handlerRoles, inCode);
			}

			@Override
			public Set<String> configuredTypes() {
				return types.keySet();
			}
		};
	}

	static JobTypeSettings resolve(TypeProperties defaults, TypeProperties overrides, List<String> handlerRoles) {
		return resolve(defaults, overrides, handlerRoles, dev.jobs.core.JobSettings.none());
	}

	/** Configuration of the type, then the handler's settings in code, then {@code jobs.defaults.*}. */
	static JobTypeSettings resolve(TypeProperties defaults, TypeProperties overrides, List<String> handlerRoles,
			dev.jobs.core.JobSettings inCode) {
		TypeProperties o = TypeProperties.layered(overrides, inCode);
		List<String> roles = (o.getSubmitRoles() != null) ? o.getSubmitRoles()
				: (!handlerRoles.isEmpty()) ? handlerRoles
						: (defaults.getSubmitRoles() != null) ? defaults.getSubmitRoles() : List.of();
		return new JobTypeSettings(pick(o, defaults, TypeProperties::getConcurrency),
				pick(o, defaults, TypeProperties::getPrefetch), pick(o, defaults, TypeProperties::getMaxAttempts),
				pick(o, defaults, TypeProperties::getTimeout), pick(o, defaults, TypeProperties::getBackoffInitial),
				pick(o, defaults, TypeProperties::getBackoffMultiplier), pick(o, defaults, TypeProperties::getBackoffMax),
				pick(o, defaults, TypeProperties::getBackoffJitter), roles,
				pick(o, defaults, TypeProperties::getMaxActivePerUser));
	}

	private static <T> T pick(TypeProperties override, TypeProperties defaults, Function<TypeProperties, T> getter) {
		T value = getter.apply(override);
		if (value == null) {
			value = getter.apply(defaults);
		}
		if (value == null) {
			value = getter.apply(TypeProperties.builtInDefaults());
		}
		return value;
	}

	/** The REST API's settings. */
	public dev.jobs.core.web.ApiSettings apiSettings() {
		return new dev.jobs.core.web.ApiSettings(api.getMaxPageSize(), api.getAdminRoles(), api.isAllowAnonymous(),
				api.getMaxRequestSize().toBytes(), api.getReaderRoles());
	}

	/** The gauges' settings. */
	public dev.jobs.core.metrics.MetricsSettings metricsSettings() {
		return new dev.jobs.core.metrics.MetricsSettings(metrics.getPollInterval(), metrics.getManagementApi().getUrl(),
				metrics.getManagementApi().getUsername(), metrics.getManagementApi().getPassword());
	}

	/** The broker topology's settings. */
	public JobTopology.Settings topologySettings() {
		return new JobTopology.Settings(broker.getPrefix(), broker.getQueueType(), broker.getDeliveryLimit(),
				List.copyOf(broker.getRetryTiers()));
	}

	/**
	 * The delivery side's settings.
	 * @throws IllegalArgumentException naming the properties that contradict each other
	 */
	public DeliverySettings deliverySettings(String workerId) {
		return new DeliverySettings(workerId, worker.getDrainTimeout(), worker.getTimeoutGrace(), lease.getDuration(),
				lease.getHeartbeatInterval(), lease.getReaperInterval(), relay.isEnabled(), relay.getInterval(),
				relay.getMinAge(), relay.getBatchSize(), relay.getOverdueAfter(), relay.getMaxBackoff(),
				publisher.getConfirmTimeout(), publisher.getQueueCapacity(), publisher.getMarkInterval(),
				engine.getPoolSize());
	}

	public TypeProperties getDefaults() {
		return defaults;
	}

	public void setDefaults(TypeProperties defaults) {
		this.defaults = defaults;
	}

	public Map<String, TypeProperties> getTypes() {
		return types;
	}

	public void setTypes(Map<String, TypeProperties> types) {
		this.types = types;
	}

	public Worker getWorker() {
		return worker;
	}

	public Broker getBroker() {
		return broker;
	}

	public Publisher getPublisher() {
		return publisher;
	}

	public Relay getRelay() {
		return relay;
	}

	public Lease getLease() {
		return lease;
	}

	public Api getApi() {
		return api;
	}

	public Schema getSchema() {
		return schema;
	}

	public Diagnostics getDiagnostics() {
		return diagnostics;
	}

	public Metrics getMetrics() {
		return metrics;
	}

	/** Settings of one job type. Unset values fall back to {@code jobs.defaults.*}. */
	public static class TypeProperties {

		/** Handler threads consuming this type's queue on each instance. */
		private Integer concurrency;

		/** Messages the broker hands each consumer before it acknowledges one. */
		private Integer prefetch;

		/** Attempts a job gets before it fails for good (1 = no retry). */
		private Integer maxAttempts;

		/** How long one attempt may run before it is stopped and counted as failed. */
		private Duration timeout;

		/** Delay before the first retry; each later retry waits {@code backoff-multiplier} times longer. */
		private Duration backoffInitial;

		/** Growth factor of the retry delay. */
		private Double backoffMultiplier;

		/** Upper bound of the retry delay. */
		private Duration backoffMax;

		/** Random spread added to each retry delay so that failed jobs do not retry in lock step. */
		private Duration backoffJitter;

		/** Roles allowed to submit the type over the API ({@code @admins}: the admin roles); empty: anyone. */
		private List<String> submitRoles;

		/** Active (waiting or running) jobs of the type one submitter may have at once; 0: no limit. */
		private Integer maxActivePerUser;

		/** {@code overrides} where set, else the handler's settings in code. */
		static TypeProperties layered(TypeProperties overrides, dev.jobs.core.JobSettings inCode) {
			TypeProperties o = (overrides != null) ? overrides : new TypeProperties();
			if (inCode == null) {
				return o;
			}
			TypeProperties p = new TypeProperties();
			p.concurrency = (o.concurrency != null) ? o.concurrency : inCode.concurrency();
			p.prefetch = o.prefetch;
			p.maxAttempts = (o.maxAttempts != null) ? o.maxAttempts : inCode.maxAttempts();
			p.timeout = (o.timeout != null) ? o.timeout : inCode.timeout();
			p.backoffInitial = (o.backoffInitial != null) ? o.backoffInitial : inCode.backoffInitial();
			p.backoffMultiplier = (o.backoffMultiplier != null) ? o.backoffMultiplier : inCode.backoffMultiplier();
			p.backoffMax = (o.backoffMax != null) ? o.backoffMax : inCode.backoffMax();
			p.backoffJitter = o.backoffJitter;
			p.submitRoles = o.submitRoles;
			p.maxActivePerUser = o.maxActivePerUser;
			return p;
		}

		public static TypeProperties builtInDefaults() {
			TypeProperties p = new TypeProperties();
			p.concurrency = 2;
			p.prefetch = 2;
			p.maxAttempts = 3;
			p.timeout = Duration.ofMinutes(30);
			p.backoffInitial = Duration.ofSeconds(1);
			p.backoffMultiplier = 5.0;
			p.backoffMax = Duration.ofMinutes(10);
			p.backoffJitter = Duration.ofMillis(500);
			p.maxActivePerUser = 0;
			return p;
		}

		public Integer getConcurrency() {
			return concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

		public Integer getPrefetch() {
			return prefetch;
		}

		public void setPrefetch(Integer prefetch) {
			this.prefetch = prefetch;
		}

		public Integer getMaxAttempts() {
			return maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getTimeout() {
			return timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getBackoffInitial() {
			return backoffInitial;
		}

		public void setBackoffInitial(Duration backoffInitial) {
			this.backoffInitial = backoffInitial;
		}

		public Double getBackoffMultiplier() {
			return backoffMultiplier;
		}

		public void setBackoffMultiplier(Double backoffMultiplier) {
			this.backoffMultiplier = backoffMultiplier;
		}

		public Duration getBackoffMax() {
			return backoffMax;
		}

		public void setBackoffMax(Duration backoffMax) {
			this.backoffMax = backoffMax;
		}

		public Duration getBackoffJitter() {
			return backoffJitter;
		}

		public List<String> getSubmitRoles() {
			return submitRoles;
		}

		public void setSubmitRoles(List<String> submitRoles) {
			this.submitRoles = submitRoles;
		}

		public Integer getMaxActivePerUser() {
			return maxActivePerUser;
		}

		public void setMaxActivePerUser(Integer maxActivePerUser) {
			this.maxActivePerUser = maxActivePerUser;
		}

		public void setBackoffJitter(Duration backoffJitter) {
			this.backoffJitter = backoffJitter;
		}

	}

	public static class Worker {

		/** Whether this instance consumes jobs; set false for a submit-only (API) instance. */
		private boolean enabled = true;

		/** This instance's name in leases and attempt history; defaults to host:pid:random. */
		private String id;

		/** On shutdown, how long running jobs may take to finish before they are handed back. */
		private Duration drainTimeout = Duration.ofSeconds(30);

		/**
		 * How long a handler that ignores its timeout's interrupt keeps its attempt; then the attempt
		 * is recorded TIMED_OUT, its lease is no longer renewed and the job moves on.
		 */
		private Duration timeoutGrace = Duration.ofSeconds(30);

		public Duration getTimeoutGrace() {
			return timeoutGrace;
		}

		public void setTimeoutGrace(Duration timeoutGrace) {
			this.timeoutGrace = timeoutGrace;
		}

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getId() {
			return id;
		}

		public void setId(String id) {
			this.id = id;
		}

		public Duration getDrainTimeout() {
			return drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			this.drainTimeout = drainTimeout;
		}

	}

	public static class Broker {

		/** Prefix of every exchange and queue name: {@code <prefix>}, {@code <prefix>.<TYPE>}, ... */
		private String prefix = "jobs";

		/** The kind of queue declared for work, retry and dead-letter queues. */
		private JobTopology.QueueType queueType = JobTopology.QueueType.QUORUM;

		/** Quorum queues: deliveries of one message before the broker parks it (poison-message guard). */
		private int deliveryLimit = 20;

		/** Delays of the retry queues; a retry waits in the smallest tier at least as long as its backoff. */
		private List<Duration> retryTiers = new ArrayList<>(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
				Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1)));

		public String getPrefix() {
			return prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public JobTopology.QueueType getQueueType() {
			return queueType;
		}

		public void setQueueType(JobTopology.QueueType queueType) {
			this.queueType = queueType;
		}

		public int getDeliveryLimit() {
			return deliveryLimit;
		}

		public void setDeliveryLimit(int deliveryLimit) {
			this.deliveryLimit = deliveryLimit;
		}

		public List<Duration> getRetryTiers() {
			return retryTiers;
		}

		public void setRetryTiers(List<Duration> retryTiers) {
			this.retryTiers = retryTiers;
		}

	}

	public static class Publisher {

		/** How long to wait for the broker's confirm before the relay takes over the message. */
		private Duration confirmTimeout = Duration.ofSeconds(10);

		/** Messages waiting to be published after commit; beyond that the relay publishes them later. */
		private int queueCapacity = 10_000;

		/** How often confirmed messages are marked on their job rows (one UPDATE per batch). */
		private Duration markInterval = Duration.ofMillis(20);

		public Duration getConfirmTimeout() {
			return confirmTimeout;
		}

		public void setConfirmTimeout(Duration confirmTimeout) {
			this.confirmTimeout = confirmTimeout;
		}

		public int getQueueCapacity() {
			return queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public Duration getMarkInterval() {
			return markInterval;
		}

		public void setMarkInterval(Duration markInterval) {
			this.markInterval = markInterval;
		}

	}

	public static class Relay {

		/** Whether this instance runs the outbox relay (safe on several instances at once). */
		private boolean enabled = true;

		/** How often the relay looks for jobs whose message was never confirmed or whose time has come. */
		private Duration interval = Duration.ofSeconds(1);

		/** How long a job may wait for its first confirm before the relay publishes it again. */
		private Duration minAge = Duration.ofSeconds(10);

		/** Jobs published per relay round. */
		private int batchSize = 500;

		/**
		 * How long a job the broker confirmed may wait for a worker after it was due before it is
		 * published again (its message was lost: purged queue, dead-lettered delivery, consumed by
		 * another deployment). A duplicate is harmless; keep it well above the normal queue wait.
		 */
		private Duration overdueAfter = Duration.ofMinutes(10);

		/** The longest wait before a row whose publish the broker refused or returned is tried again. */
		private Duration maxBackoff = Duration.ofMinutes(1);

		public Duration getOverdueAfter() {
			return overdueAfter;
		}

		public void setOverdueAfter(Duration overdueAfter) {
			this.overdueAfter = overdueAfter;
		}

		public Duration getMaxBackoff() {
			return maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getMinAge() {
			return minAge;
		}

		public void setMinAge(Duration minAge) {
			this.minAge = minAge;
		}

		public int getBatchSize() {
			return batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

	}

	public static class Lease {

		/** How long a claim stays valid without renewal; a job whose lease ran out is retried elsewhere. */
		private Duration duration = Duration.ofSeconds(30);

		/** How often a worker renews the leases of all its running jobs (one UPDATE). */
		private Duration heartbeatInterval = Duration.ofSeconds(5);

		/** How often expired leases are looked for. */
		private Duration reaperInterval = Duration.ofSeconds(5);

		public Duration getDuration() {
			return duration;
		}

		public void setDuration(Duration duration) {
			this.duration = duration;
		}

		public Duration getHeartbeatInterval() {
			return heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public Duration getReaperInterval() {
			return reaperInterval;
		}

		public void setReaperInterval(Duration reaperInterval) {
			this.reaperInterval = reaperInterval;
		}

	}

	public static class Api {

		/** Whether the REST API under /api/jobs and /api/job-types is served. */
		private boolean enabled = true;

		/** Largest page the list endpoint returns; larger requests are clamped. */
		private int maxPageSize = 200;

		/**
		 * Roles that see and steer every job and run dead-letter actions. Others see only their own
		 * jobs.
		 */
		private List<String> adminRoles = new ArrayList<>(List.of("SUPER_ADMIN", "ADMIN"));

		/**
		 * Roles that see every job, as administrators do, but change nothing: auditors. Their
		 * retries, cancels and dead-letter actions are refused (403).
		 */
		private List<String> readerRoles = new ArrayList<>(List.of("AUDITOR"));

		/**
		 * Whether a request without an authenticated caller may use the API, as an unrestricted
		 * caller named "anonymous". Only for a local trial without security; otherwise such a
		 * request is a 401.
		 */
		private boolean allowAnonymous = false;

		/** Largest request body the API accepts; larger ones are refused with 413. */
		private org.springframework.util.unit.DataSize maxRequestSize = org.springframework.util.unit.DataSize
			.ofKilobytes(256);

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxPageSize() {
			return maxPageSize;
		}

		public void setMaxPageSize(int maxPageSize) {
			this.maxPageSize = maxPageSize;
		}

		public List<String> getAdminRoles() {
			return adminRoles;
		}

		public boolean isAllowAnonymous() {
			return allowAnonymous;
		}

		public void setAllowAnonymous(boolean allowAnonymous) {
			this.allowAnonymous = allowAnonymous;
		}

		public void setAdminRoles(List<String> adminRoles) {
			this.adminRoles = adminRoles;
		}

		public List<String> getReaderRoles() {
			return readerRoles;
		}

		public void setReaderRoles(List<String> readerRoles) {
			this.readerRoles = readerRoles;
		}

		public org.springframework.util.unit.DataSize getMaxRequestSize() {
			return maxRequestSize;
		}

		public void setMaxRequestSize(org.springframework.util.unit.DataSize maxRequestSize) {
			this.maxRequestSize = maxRequestSize;
		}

	}

	public static class Schema {

		/** Whether the platform creates and migrates its own tables (Flyway, history table jobs_schema_history). */
		private boolean migrate = true;

		public boolean isMigrate() {
			return migrate;
		}

		public void setMigrate(boolean migrate) {
			this.migrate = migrate;
		}

	}

	public static class Metrics {

		/** Whether queue lag, outbox and broker queue gauges are published. */
		private boolean enabled = true;

		/** How often those gauges are read from the database and the broker (scrapes read a cache). */
		private Duration pollInterval = Duration.ofSeconds(10);

		private final ManagementApi managementApi = new ManagementApi();

		public ManagementApi getManagementApi() {
			return managementApi;
		}

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollInterval() {
			return pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/**
	 * The RabbitMQ management API, the only source of unacknowledged message counts. Without a URL
	 * the gauges read ready counts and consumers over AMQP and publish no unacknowledged counts.
	 */
	public static class ManagementApi {

		/** Base URL, e.g. {@code http://localhost:15672}; empty: do not use the management API. */
		private URI url;

		/** User for the management API; defaults to {@code spring.rabbitmq.username}. */
		private String username;

		/** Password for the management API; defaults to {@code spring.rabbitmq.password}. */
		private String password;

		public URI getUrl() {
			return url;
		}

		public void setUrl(URI url) {
			this.url = url;
		}

		public String getUsername() {
			return username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

	}

	public static class Diagnostics {

		/** Registers the NOOP and SLEEP job types, for smoke tests, chaos tests and benchmarks. */
		private boolean enabled = false;

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
