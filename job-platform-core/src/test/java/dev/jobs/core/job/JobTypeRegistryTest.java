package dev.jobs.core.job;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.jobs.core.TestHandlers;
import dev.jobs.core.JobHandler;
import dev.jobs.core.NonRetryableJobException;
import dev.jobs.core.autoconfigure.JobTypeSettingsMapping;
import dev.jobs.core.autoconfigure.JobTypesProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JobTypeRegistryTest {

	@Test
	void duplicateTypeNameFailsTheStartNamingBothBeans() {
		Map<String, JobHandler<?>> handlers = new LinkedHashMap<>();
		handlers.put("firstExport", handler("EXPORT", Object.class));
		handlers.put("secondExport", handler("EXPORT", Object.class));

		assertThatIllegalStateException().isThrownBy(() -> new JobTypeRegistry(handlers, JobTypeSettingsMapping.source(new JobTypesProperties())))
			.withMessageContaining("EXPORT")
			.withMessageContaining("firstExport")
			.withMessageContaining("secondExport");
	}

	@Test
	void missingPayloadClassFailsTheStartNamingTheBean() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new JobTypeRegistry(Map.of("exportBean", handler("EXPORT", null)), JobTypeSettingsMapping.source(new JobTypesProperties())))
			.withMessageContaining("exportBean")
			.withMessageContaining("payloadType()");
	}

	@Test
	void typeNameThatCannotBeAQueueNameFailsTheStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new JobTypeRegistry(Map.of("b", handler("my export", Object.class)), JobTypeSettingsMapping.source(new JobTypesProperties())))
			.withMessageContaining("my export");
	}

	@Test
	void perTypeSettingsOverrideTheDefaults() {
		JobTypesProperties properties = new JobTypesProperties();
		properties.getDefaults().setMaxAttempts(7);
		JobTypesProperties.TypeProperties export = new JobTypesProperties.TypeProperties();
		export.setConcurrency(9);
		export.setTimeout(Duration.ofMinutes(2));
		properties.getTypes().put("EXPORT", export);

		JobTypeRegistry registry = new JobTypeRegistry(Map.of("b", handler("EXPORT", Object.class)), JobTypeSettingsMapping.source(properties));

		JobTypeSettings settings = registry.require("EXPORT").settings();
		assertThat(settings.concurrency()).isEqualTo(9);
		assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(2));
		assertThat(settings.maxAttempts()).isEqualTo(7);
		assertThat(settings.prefetch()).isEqualTo(2);
	}

	@Test
	void invalidSettingsFailTheStartNamingTheType() {
		JobTypesProperties properties = new JobTypesProperties();
		JobTypesProperties.TypeProperties export = new JobTypesProperties.TypeProperties();
		export.setConcurrency(0);
		properties.getTypes().put("EXPORT", export);

		assertThatIllegalStateException()
			.isThrownBy(() -> new JobTypeRegistry(Map.of("b", handler("EXPORT", Object.class)), JobTypeSettingsMapping.source(properties)))
			.withMessageContaining("jobs.types.EXPORT")
			.withMessageContaining("concurrency");
	}

	@Test
	void backoffGrowsExponentiallyUpToTheCap() {
		JobTypeSettings settings = new JobTypeSettings(1, 1, 5, Duration.ofMinutes(1), Duration.ofSeconds(1), 5.0,
				Duration.ofMinutes(10), Duration.ZERO, java.util.List.of(), 0);
		RegisteredJobType type = RegisteredJobType.of("b", handler("EXPORT", Object.class), settings);

		assertThat(type.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(type.backoffAfter(2)).isEqualTo(Duration.ofSeconds(5));
		assertThat(type.backoffAfter(3)).isEqualTo(Duration.ofSeconds(25));
		assertThat(type.backoffAfter(6)).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void nonRetryableErrorsAreClassifiedAsSuch() {
		RegisteredJobType type = new JobTypeRegistry(Map.of("b", handler("EXPORT", Object.class)),
				JobTypeSettingsMapping.source(new JobTypesProperties())).require("EXPORT");

		assertThat(type.isRetryable(new IllegalStateException("flaky"))).isTrue();
		assertThat(type.isRetryable(new NonRetryableJobException("bad input"))).isFalse();
	}

	static <P> JobHandler<P> handler(String type, Class<P> payloadType) {
		return TestHandlers.simple(type, payloadType, (payload, context) -> {
		});
	}

}
