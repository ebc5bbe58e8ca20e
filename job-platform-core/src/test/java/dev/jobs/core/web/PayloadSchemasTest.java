package dev.jobs.core.web;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code GET /api/job-types} tells a caller about a payload: its fields, their kinds and constraints. */
class PayloadSchemasTest {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	enum Format {

		XLSX, CSV

	}

	record Line(@NotBlank String sku, @Positive int quantity, @DecimalMin("0.01") BigDecimal price) {
	}

	record Folder(String name, List<Folder> children) {
	}

	record Order(@NotNull UUID id, @Size(max = 100) String customer, LocalDate day, Instant at, Duration timeout,
			@Email String contact, @Pattern(regexp = "[A-Z]{3}") String currency,
			@NotEmpty @Size(max = 10) List<Line> lines, Format format, @Min(1) @Max(5) Integer priority, boolean urgent,
			Map<String, String> labels, Folder folder) {
	}

	@Test
	void aRecordsComponentsInTheirOrderWithTheirKindsAndConstraints() {
		Map<String, Object> schema = PayloadSchemas.of(Order.class);

		assertThat(schema).containsEntry("$schema", "https://json-schema.org/draft/2020-12/schema")
			.containsEntry("type", "object")
			.containsEntry("additionalProperties", false)
			.containsEntry("required", List.of("id", "lines"));
		Map<String, Object> properties = map(schema.get("properties"));
		assertThat(properties).containsOnlyKeys("id", "customer", "day", "at", "timeout", "contact", "currency", "lines",
				"format", "priority", "urgent", "labels", "folder");
		assertThat(List.copyOf(properties.keySet())).startsWith("id", "customer", "day");
		assertThat(asJson(properties.get("id"))).isEqualTo(asJson(Map.of("type", "string", "format", "uuid")));
		assertThat(asJson(properties.get("customer"))).isEqualTo(asJson(Map.of("type", "string", "maxLength", 100)));
		assertThat(asJson(properties.get("day"))).isEqualTo(asJson(Map.of("type", "string", "format", "date")));
		assertThat(asJson(properties.get("at"))).isEqualTo(asJson(Map.of("type", "string", "format", "date-time")));
		assertThat(asJson(properties.get("timeout"))).isEqualTo(asJson(Map.of("type", "string", "format", "duration")));
		assertThat(asJson(properties.get("contact"))).isEqualTo(asJson(Map.of("type", "string", "format", "email")));
		assertThat(asJson(properties.get("currency")))
			.isEqualTo(asJson(Map.of("type", "string", "pattern", "[A-Z]{3}")));
		assertThat(asJson(properties.get("format")))
			.isEqualTo(asJson(Map.of("type", "string", "enum", List.of("XLSX", "CSV"))));
		assertThat(asJson(properties.get("priority")))
			.isEqualTo(asJson(Map.of("type", "integer", "minimum", 1, "maximum", 5)));
		assertThat(asJson(properties.get("urgent"))).isEqualTo(asJson(Map.of("type", "boolean")));
		assertThat(asJson(properties.get("labels")))
			.isEqualTo(asJson(Map.of("type", "object", "additionalProperties", Map.of("type", "string"))));
	}

	@Test
	void nestedRecordsCarryTheirOwnConstraints() {
		Map<String, Object> lines = map(map(PayloadSchemas.of(Order.class).get("properties")).get("lines"));

		assertThat(lines).containsEntry("type", "array").containsEntry("minItems", 1).containsEntry("maxItems", 10);
		Map<String, Object> line = map(lines.get("items"));
		assertThat(line).containsEntry("required", List.of("sku")).containsEntry("additionalProperties", false);
		Map<String, Object> lineProperties = map(line.get("properties"));
		assertThat(asJson(lineProperties.get("sku"))).isEqualTo(asJson(Map.of("type", "string", "minLength", 1)));
		assertThat(asJson(lineProperties.get("quantity")))
			.isEqualTo(asJson(Map.of("type", "integer", "exclusiveMinimum", 0)));
		assertThat(map(lineProperties.get("price"))).containsEntry("type", "number").containsKey("minimum");
	}

	@Test
	void aRecursiveStructureRefersToItself() {
		Map<String, Object> schema = PayloadSchemas.of(Order.class);

		assertThat(map(map(schema.get("properties")).get("folder"))).containsEntry("$ref", "#/$defs/Folder");
		Map<String, Object> folder = map(map(schema.get("$defs")).get("Folder"));
		assertThat(map(map(map(folder.get("properties")).get("children")).get("items")))
			.containsEntry("$ref", "#/$defs/Folder");
	}

	/** The JSON a caller reads: numbers compare by value, whichever Java type holds them. */
	private static String asJson(Object schema) {
		return JSON.writeValueAsString(schema);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

}
