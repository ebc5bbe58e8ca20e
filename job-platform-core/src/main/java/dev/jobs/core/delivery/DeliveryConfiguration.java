package dev.jobs.core.delivery;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.UUID;

import dev.jobs.core.JobClient;
import dev.jobs.core.autoconfigure.JobsProperties;
import dev.jobs.core.job.JobStateMachine;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.metrics.JobMetrics;

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
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The broker side: topology, the confirming publisher, the outbox relay, housekeeping and workers.
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

	@Bean
	JobTopology jobTopology(JobsProperties properties) {
		return new JobTopology(properties.getBroker());
	}

	@Bean
	Declarables jobDeclarables(JobTopology topology, JobTypeRegistry registry) {
		return topology.declarables(registry);
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
	DispatchMarks jobDispatchMarks(JobStateMachine stateMachine) {
		return new DispatchMarks(stateMachine);
	}

	@Bean
	JobPublisher jobPublisher(PublisherConnection connection, JobTopology topology, DispatchMarks marks,
			JobsProperties properties) {
		RabbitTemplate template = new RabbitTemplate(connection.factory());
		template.setMandatory(true);
		template.setReturnsCallback(returned -> {
			// Seen again by the publish's confirm handling, which logs it and leaves the job to the relay.
		});
		return new JobPublisher(template, topology, marks, properties.getPublisher().getConfirmTimeout(),
				properties.getPublisher().getQueueCapacity());
	}

	@Bean
	Housekeeping jobsHousekeeping(DispatchMarks marks, JobPublisher publisher, JobStateMachine stateMachine,
			JobTypeRegistry registry, JobTopology topology, PlatformTransactionManager transactionManager,
			JobsProperties properties, JobMetrics metrics) {
		TransactionTemplate transaction = new TransactionTemplate(transactionManager);
		OutboxRelay relay = properties.getRelay().isEnabled() ? new OutboxRelay(stateMachine, publisher, topology,
				transaction, properties.getRelay().getMinAge(), properties.getRelay().getBatchSize()) : null;
		return new Housekeeping(marks, publisher, relay, stateMachine, registry, publisher, transaction,
				properties.getPublisher().getMarkInterval(), properties.getRelay().getInterval(),
				properties.getLease().getReaperInterval(), metrics);
	}

	@Bean
	@ConditionalOnProperty(name = "jobs.worker.enabled", matchIfMissing = true)
	Workers jobWorkers(JobTypeRegistry registry, JobStateMachine stateMachine, Payloads payloads, JobPublisher publisher,
			JobTopology topology, JobClient client, PlatformTransactionManager transactionManager,
			ConnectionFactory connectionFactory, ObjectProvider<AmqpAdmin> amqpAdmin, ApplicationContext context,
			JobsProperties properties, JobMetrics metrics) {
		RabbitAdmin admin = (amqpAdmin.getIfAvailable() instanceof RabbitAdmin existing) ? existing
				: new RabbitAdmin(connectionFactory);
		admin.setApplicationContext(context);
		return new Workers(registry, stateMachine, payloads, publisher, topology, client,
				new TransactionTemplate(transactionManager), connectionFactory, admin, properties,
				workerId(properties), metrics, context);
	}

	private static String workerId(JobsProperties properties) {
		String configured = properties.getWorker().getId();
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

}
