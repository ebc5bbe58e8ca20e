package dev.jobs.core.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.jobs.core.JobHandler;
import dev.jobs.core.JobHandlers;
import dev.jobs.core.JobType;
import dev.jobs.core.autoconfigure.JobTypeSettingsMapping;
import dev.jobs.core.autoconfigure.JobTypesProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TypedHandlersTest {

	record Report(String department) {
	}

	static final JobType<Report> REPORT = JobType.of("REPORT", Report.class);

	@Test
	void builtHandlerRunsTheLambdaAndNamesItsType() throws Exception {
		List<String> seen = new ArrayList<>();
		JobHandler<Report> handler = JobHandlers.define(REPORT).handle((payload, context) -> seen.add(payload.department()));

		handler.handle(new Report("R&D"), null);

		assertThat(handler.type()).isEqualTo("REPORT");
		assertThat(handler.payloadType()).isEqualTo(Report.class);
		assertThat(seen).containsExactly("R&D");
	}

	@Test
	void settingsInCodeApplyOverTheDefaultsAndPropertiesOverrideThem() {
		JobHandler<Report> handler = JobHandlers.define(REPORT)
			.maxAttempts(5)
			.concurrency(4)
			.timeout(Duration.ofSeconds(90))
			.backoff(Duration.ofSeconds(3), 2.0, Duration.ofMinutes(1))
			.handle((payload, context) -> {
			});
		JobTypesProperties properties = new JobTypesProperties();
		JobTypesProperties.TypeProperties report = new JobTypesProperties.TypeProperties();
		report.setConcurrency(1);
		properties.getTypes().put("REPORT", report);

		JobTypeSettings settings = new JobTypeRegistry(Map.of("report", handler), JobTypeSettingsMapping.source(properties))
			.require("REPORT")
			.settings();

		assertThat(settings.concurrency()).as("property wins over code").isEqualTo(1);
		assertThat(settings.maxAttempts()).isEqualTo(5);
		assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(90));
		assertThat(settings.backoffInitial()).isEqualTo(Duration.ofSeconds(3));
		assertThat(settings.backoffMultiplier()).isEqualTo(2.0);
		assertThat(settings.backoffMax()).isEqualTo(Duration.ofMinutes(1));
		assertThat(settings.prefetch()).as("not set in code: the default").isEqualTo(2);
	}

	@Test
	void invalidSettingsInCodeStopTheStartNamingTheType() {
		JobHandler<Report> handler = JobHandlers.define(REPORT).maxAttempts(0).handle((payload, context) -> {
		});

		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> new JobTypeRegistry(Map.of("report", handler), JobTypeSettingsMapping.source(new JobTypesProperties())))
			.withMessageContaining("REPORT")
			.withMessageContaining("max-attempts");
	}

	@Test
	void typeNameThatCannotBeAQueueNameIsRefusedWhereItIsDeclared() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobType.of("department report", Report.class))
			.withMessageContaining("department report");
	}

}
