package dev.jobs.core.message;

import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitConnectionFactoryBean;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionFactoryBeanConfigurer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Message delivery (types without a job row): the confirming sender and the batch consumers.
 */
@Configuration(proxyBeanMethods = false)
public class MessageDeliveryConfiguration {

	/**
	 * A publisher connection of its own, confirms and returns forced on (a message without a confirm
	 * is not handed over), kept apart from the job publisher so a flood of messages under broker flow
	 * control never delays job publishing.
	 */
	@Bean(destroyMethod = "destroy")
	MessageConnection jobsMessageConnection(RabbitConnectionFactoryBeanConfigurer beanConfigurer,
			CachingConnectionFactoryConfigurer factoryConfigurer) throws Exception {
		RabbitConnectionFactoryBean bean = new RabbitConnectionFactoryBean();
		beanConfigurer.configure(bean);
		bean.afterPropertiesSet();
		CachingConnectionFactory factory = new CachingConnectionFactory(bean.getObject());
		factoryConfigurer.configure(factory);
		factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
		factory.setPublisherReturns(true);
		factory.setConnectionNameStrategy(cf -> "jobs-messages");
		RabbitTemplate template = new RabbitTemplate(factory);
		template.setMandatory(true);
		template.setReturnsCallback(returned -> {
			// Seen again by the sender's confirm handling, which fails the send.
		});
		return new MessageConnection(factory, template);
	}

	/** Owns the message publisher's connection factory. */
	static final class MessageConnection {

		private final CachingConnectionFactory factory;

		private final RabbitTemplate template;

		MessageConnection(CachingConnectionFactory factory, RabbitTemplate template) {
			this.factory = factory;
			this.template = template;
		}

		void destroy() {
			factory.destroy();
		}

	}

	@Bean
	MessageSender jobsMessageSender(MessageConnection connection, JobTopology topology, JobTypeRegistry registry,
			Payloads payloads) {
		return new RabbitMessageSender(connection.template, topology, registry, payloads);
	}

	@Bean
	@ConditionalOnProperty(name = "jobs.worker.enabled", matchIfMissing = true)
	MessageConsumers jobsMessageConsumers(JobTypeRegistry registry, Payloads payloads, JobTopology topology,
			ConnectionFactory connectionFactory, MessageConnection connection, ObjectProvider<MeterRegistry> meters) {
		return new MessageConsumers(registry, payloads, topology, connectionFactory, connection.template,
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

}
