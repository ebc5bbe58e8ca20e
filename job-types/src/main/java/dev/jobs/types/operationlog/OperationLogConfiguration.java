package dev.jobs.types.operationlog;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.jobs.core.PlatformSchema;
import dev.jobs.core.message.MessageSender;
import dev.jobs.core.operationlog.OperationLog;
import dev.jobs.core.operationlog.OperationLogReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

/**
 * The operation log: the {@code @OperationLog} advice, its start-up check, the buffer and journal,
 * the {@code OPERATION_LOG} message type and the read endpoint.
 */
@Configuration(proxyBeanMethods = false)
public class OperationLogConfiguration {

	@Bean
	@DependsOnDatabaseInitialization
	OperationLogStore operationLogStore(DataSource dataSource, PlatformSchema schema, JsonMapper json) {
		return new OperationLogStore(new JdbcTemplate(dataSource), schema, json);
	}

	/** The read side in the core's terms, for pages outside this module (the dashboard's operation log). */
	@Bean
	OperationLogReader operationLogReader(OperationLogStore store, OperationLogProperties properties) {
		properties.validate();
		return new StoreBackedOperationLogReader(store, properties.readers(), properties.getMaxPageSize());
	}

	/** Deletes entries older than {@code jobs.operation-log.retention}, in short batches. */
	@Bean
	@DependsOnDatabaseInitialization
	OperationLogRetention operationLogRetention(DataSource dataSource, PlatformSchema schema,
			OperationLogProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		properties.validate();
		return new OperationLogRetention(dataSource, schema, properties, meters.getIfAvailable(SimpleMeterRegistry::new),
				java.time.Clock.systemUTC());
	}

	@Bean
	OperationLogHandler operationLogHandler(OperationLogStore store, OperationLogProperties properties) {
		properties.validate();
		return new OperationLogHandler(store, properties.getBatchSize(), properties.getBatchTimeout(),
				properties.getEntriesPerMessage());
	}

	@Bean
	OperationLogShipper operationLogShipper(MessageSender sender, JsonMapper json, OperationLogProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		properties.validate();
		return new OperationLogShipper(sender, json, properties, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	OperationTemplates operationTemplates(ObjectProvider<OperationLogFunction> functions,
			ConfigurableListableBeanFactory beanFactory) {
		return new OperationTemplates(functions.orderedStream().toList(), beanFactory);
	}

	@Bean
	OperationLogInterceptor operationLogInterceptor(OperationTemplates templates, OperationLogShipper shipper,
			JsonMapper json) {
		return new OperationLogInterceptor(templates, shipper, json);
	}

	/**
	 * The advice on {@code @OperationLog} methods, applied by Spring's infrastructure auto-proxying
	 * (no AspectJ weaver needed). Static and lazy: the auto-proxy creator looks advisors up very
	 * early, before the interceptor's collaborators may be created.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor operationLogAdvisor(ObjectProvider<OperationLogInterceptor> interceptor) {
		MethodInterceptor lazy = invocation -> interceptor.getObject().invoke(invocation);
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				new AnnotationMatchingPointcut(null, OperationLog.class, true), lazy);
		advisor.setOrder(0);
		return advisor;
	}

	/**
	 * Parses and checks the expressions of every annotated bean method once all beans exist, so a bad
	 * template, target or condition, or a function nobody registered, stops the start-up naming the
	 * method instead of failing at the first call.
	 */
	@Bean
	static SmartInitializingSingleton operationLogCheck(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<OperationTemplates> templates) {
		return () -> {
			List<String> problems = new ArrayList<>();
			int methods = 0;
			for (String name : beanFactory.getBeanDefinitionNames()) {
				Class<?> type;
				try {
					type = beanFactory.getType(name, false);
				}
				catch (RuntimeException ex) {
					continue;
				}
				if (type == null) {
					continue;
				}
				Map<Method, OperationLog> annotated;
				try {
					annotated = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
							(MethodIntrospector.MetadataLookup<OperationLog>) method -> AnnotatedElementUtils
								.findMergedAnnotation(method, OperationLog.class));
				}
				catch (RuntimeException | LinkageError ex) {
					continue; // a class that cannot be introspected carries no annotation we could honour
				}
				for (Map.Entry<Method, OperationLog> entry : annotated.entrySet()) {
					methods++;
					try {
						templates.getObject().forMethod(entry.getKey());
					}
					catch (IllegalStateException ex) {
						problems.add(ex.getMessage());
					}
				}
			}
			if (!problems.isEmpty()) {
				throw new IllegalStateException("Invalid @OperationLog annotation(s); fix them to start:\n  "
						+ String.join("\n  ", problems));
			}
			org.slf4j.LoggerFactory.getLogger(OperationLogConfiguration.class)
				.info("Operation log: {} annotated method(s) checked", methods);
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ReadEndpoint {

		@Bean
		OperationLogController operationLogController(OperationLogStore store, OperationLogProperties properties) {
			return new OperationLogController(store, properties.readers(), properties.getMaxPageSize());
		}

	}

}
