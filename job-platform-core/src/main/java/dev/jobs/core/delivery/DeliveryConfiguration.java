package dev.jobs.core.delivery;

import javax.sql.DataSource;

import dev.jobs.core.JobClient;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.job.DefaultJobClient;
import dev.jobs.core.job.JobEndings;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobQueries;
import dev.jobs.core.job.ApplicationJobStore;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitConnectionFactoryBean;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionFactoryBeanConfigurer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker side: topology, the confirming publisher, the outbox relay, the lease reaper and the
 * workers. Their start and stop order is {@link LifecyclePhases}.
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

	@Bean
	JobTopology jobTopology(JobTopology.Settings settings) {
		return new JobTopology(settings);
	}

	@Bean
	Declarables jobDeclarables(JobTopology topology, JobTypeRegistry registry) {
		return topology.declarables(registry);
	}

	/** The engine's own connections; see {@link EngineDatabase}. */
	@Bean(destroyMethod = "close")
	@DependsOnDatabaseInitialization
	EngineDatabase jobsEngineDatabase(DataSource dataSource, DeliverySettings settings, PlatformSchema schema) {
		return EngineDatabase.create(dataSource, settings.enginePoolSize(), schema);
	}

	/**
	 * A connection of its own for publishing, with confirms and returns switched on whatever the
	 * application's {@code spring.rabbitmq.*} says: publishing without confirms would break the
	 * outbox's promise. Separate connections also keep broker flow control on publishers from
	 * stalling consumers. Not a {@code ConnectionFactory} bean, so the application's own stays the
	 * only one.
	 */
	@Bean(destroyMethod = "destroy")
	PublisherConnection jobsPublisherConnection(RabbitConnectionFactoryBeanConfigurer beanConfigurer,
			CachingConnectionFactoryConfigurer factoryConfigurer, ApplicationContext context) throws Exception {
		RabbitConnectionFactoryBean bean = new RabbitConnectionFactoryBean();
		beanConfigurer.configure(bean);
		bean.afterPropertiesSet();
		CachingConnectionFactory factory = new CachingConnectionFactory(bean.getObject());
		factoryConfigurer.configure(factory);
		factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
		factory.setPublisherReturns(true);
		factory.setConnectionNameStrategy(cf -> "jobs-publisher");
		// Declares the job topology on this connection too, so a submit-only instance can publish.
		RabbitAdmin admin = new RabbitAdmin(factory);
		admin.setApplicationContext(context);
		admin.setIgnoreDeclarationExceptions(true);
		admin.afterPropertiesSet();
		return new PublisherConnection(factory);
	}

	/** Owns the publisher's connection factory. */
	static final class PublisherConnection {

		private final CachingConnectionFactory factory;

		PublisherConnection(CachingConnectionFactory factory) {
			this.factory = factory;
		}

		CachingConnectionFactory factory() {
			return factory;
		}

		void destroy() {
			factory.destroy();
		}

	}

	@Bean
	DeadLetters jobDeadLetters(ConnectionFactory connectionFactory, JobTopology topology, JobTypeRegistry registry,
			JobClient client) {
		return new DeadLetters(connectionFactory, topology, registry, client);
	}

	@Bean
	DispatchMarks jobDispatchMarks(EngineDatabase engine) {
		return new DispatchMarks(engine.store());
	}

	@Bean
	JobPublisher jobPublisher(PublisherConnection connection, JobTopology topology, DispatchMarks marks,
			DeliverySettings settings, JobMetrics metrics) {
		RabbitTemplate template = new RabbitTemplate(connection.factory());
		template.setMandatory(true);
		template.setReturnsCallback(returned -> {
			// Seen again by the publish's confirm handling, which logs it and leaves the job to the relay.
		});
		return new JobPublisher(template, topology, marks, settings.confirmTimeout(), settings.publisherQueueCapacity(),
				settings.markInterval(), metrics.tracing());
	}

	/**
	 * Follow-up jobs are inserted on the engine's connection, in the transaction that records the end, by a
	 * client of the engine's own ({@link DefaultJobClient#forFollowUps}), whatever JobClient the application brings.
	 */
	@Bean
	EndingEffects jobsEndingEffects(EngineDatabase engine, JobTypeRegistry registry,
			ApplicationJobStore applicationStore, JobQueries queries, Payloads payloads, JobPublisher publisher,
			JobMetrics metrics, JobEndings endings) {
		DefaultJobClient followUps = DefaultJobClient.forFollowUps(registry, applicationStore, queries, payloads,
				publisher, metrics, endings);
		return new EndingEffects(engine.store(), followUps, endings);
	}

	@Bean
	RetryDelays jobsRetryDelays(JobTopology topology) {
		return new RetryDelays(topology);
	}

	@Bean
	AttemptRecorder jobsAttemptRecorder(EngineDatabase engine, EndingEffects effects, Payloads payloads,
			JobPublisher publisher, RetryDelays retryDelays, JobMetrics metrics) {
		return new AttemptRecorder(engine.store(), engine.transaction(), effects, payloads, publisher, retryDelays,
				metrics);
	}

	/** Runs only with {@code jobs.relay.enabled} (see {@link OutboxRelay#isAutoStartup()}). */
	@Bean
	OutboxRelay jobsOutboxRelay(EngineDatabase engine, JobPublisher publisher, JobTopology topology,
			JobTypeRegistry registry, EndingEffects effects, JobMetrics metrics, DeliverySettings settings) {
		return new OutboxRelay(engine, publisher, topology, registry, effects, metrics, settings);
	}

	/** Runs only with {@code jobs.relay.enabled} (see {@link LeaseReaper#isAutoStartup()}). */
	@Bean
	LeaseReaper jobsLeaseReaper(EngineDatabase engine, JobTypeRegistry registry, RetryDelays retryDelays,
			EndingEffects effects, JobPublisher publisher, JobMetrics metrics, DeliverySettings settings) {
		return new LeaseReaper(engine, registry, retryDelays, effects, publisher, metrics, settings);
	}

	/** Runs only with {@code jobs.relay.enabled} (see {@link RelayRound#isAutoStartup()}). */
	@Bean
	AwaitingSweep jobsAwaitingSweep(EngineDatabase engine, EndingEffects effects, DeliverySettings settings) {
		return new AwaitingSweep(engine, effects, settings);
	}

	/**
	 * The workers of this instance: one {@link JobWorker} per job type (message types are the
	 * {@code MessageConsumers}'), sharing the instance's claims, running set, batch ledger and shutdown.
	 */
	@Bean
	@ConditionalOnProperty(name = "jobs.worker.enabled", matchIfMissing = true)
	Workers jobWorkers(JobTypeRegistry registry, EngineDatabase engine, AttemptRecorder recorder, Payloads payloads,
			JobTopology topology, ConnectionFactory connectionFactory, ObjectProvider<AmqpAdmin> amqpAdmin,
			ApplicationContext context, DeliverySettings settings, JobMetrics metrics) {
		RabbitAdmin admin = (amqpAdmin.getIfAvailable() instanceof RabbitAdmin existing) ? existing
				: new RabbitAdmin(connectionFactory);
		admin.setApplicationContext(context);
		RunningJobs running = new RunningJobs();
		ClaimLimits limits = new ClaimLimits();
		WorkerClaims claims = new WorkerClaims(engine.store(), registry, payloads, running, settings.workerId(),
				settings.lease(), limits);
		BatchLedger ledger = new BatchLedger(engine.store(), settings.workerId(), settings.lease());
		WorkerShutdown shutdown = new WorkerShutdown(running, recorder, settings.drainTimeout());
		ListenerContainers containers = new ListenerContainers("worker for job type");
		for (RegisteredJobType type : registry.all()) {
			if (type.messageDelivery()) {
				continue; // consumed in batches by dev.jobs.core.message.MessageConsumers
			}
			JobWorker worker = new JobWorker(type, claims, recorder, ledger, metrics, shutdown::isStopping, topology);
			containers.add(type.name(),
					Workers.container(type, worker, topology, connectionFactory, admin, settings.drainTimeout()));
		}
		metrics.prepareClaimHeldCounters(registry.all()
			.stream()
			.filter(type -> !type.messageDelivery())
			.map(RegisteredJobType::name)
			.toList());
		WorkerWatch watch = new WorkerWatch(running, ledger, engine.store(), recorder, settings);
		return new Workers(containers, watch, shutdown, running, settings.workerId(), context, limits);
	}

}
