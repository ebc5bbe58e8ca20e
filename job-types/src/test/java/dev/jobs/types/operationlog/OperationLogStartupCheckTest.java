package dev.jobs.types.operationlog;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import dev.jobs.core.PlatformSchema;
import dev.jobs.core.message.MessageSender;
import dev.jobs.core.operationlog.OperationLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad annotation stops the application at start-up, naming the method; a good one starts. */
class OperationLogStartupCheckTest {

	@TempDir
	Path journal;

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OperationLogProperties.class)
	static class Infrastructure {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

		/** Start-up only: nothing is recorded, so nothing is sent. */
		@Bean
		MessageSender messageSender() {
			return (type, messages) -> CompletableFuture.completedFuture(null);
		}

		/** The core's, from jobs.schema.name. */
		@Bean
		PlatformSchema platformSchema() {
			return PlatformSchema.defaultSchema();
		}

		/** Never connected to: the check runs before any entry is written. */
		@Bean
		DataSource dataSource() {
			return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/unused");
		}

	}

	static class EmployeeService {

		@OperationLog(action = "EMPLOYEE_UPDATE", target = "#id", success = "renamed to #{#departmentName(#name)}")
		public void rename(long id, String name) {
		}

	}

	static class TargetTypo {

		@OperationLog(action = "EMPLOYEE_DELETE", target = "#id +", success = "deleted")
		public void delete(long id) {
		}

	}

	static class Fine {

		@OperationLog(action = "EMPLOYEE_DELETE", target = "#id", success = "deleted #{#id}",
				condition = "#result != null")
		public String delete(long id) {
			return "ok";
		}

	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withUserConfiguration(Infrastructure.class, OperationLogConfiguration.class)
			.withPropertyValues("jobs.operation-log.journal-directory=" + journal);
	}

	@Test
	void unregisteredFunctionStopsTheStartNamingTheMethod() {
		runner().withBean(EmployeeService.class).run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("EmployeeService.rename(..)")
				.hasMessageContaining("#departmentName");
		});
	}

	@Test
	void targetThatDoesNotParseStopsTheStartNamingTheMethod() {
		runner().withBean(TargetTypo.class).run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("TargetTypo.delete(..)")
				.hasMessageContaining("target \"#id +\" does not parse");
		});
	}

	@Test
	void registeredFunctionAndValidExpressionsStart() {
		runner().withBean(Fine.class)
			.withBean(EmployeeService.class)
			.withBean("departmentName", OperationLogFunction.class, () -> new OperationLogFunction() {
				@Override
				public String name() {
					return "departmentName";
				}

				@Override
				public Object apply(Object argument) {
					return argument;
				}
			})
			.run(context -> assertThat(context).hasNotFailed());
	}

}
