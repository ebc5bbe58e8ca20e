package dev.jobs.types.notification;

import java.util.Locale;
import java.util.Map;

import dev.jobs.types.notification.NotificationRenderer.Rendered;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationRendererTest {

	private final NotificationRenderer renderer = new NotificationRenderer(NotificationConfiguration.LOCALES,
			Locale.forLanguageTag("zh-CN"));

	@Test
	void everyTemplateRendersInEveryLanguageWithoutLeftoverExpressions() {
		for (NotificationTemplate template : NotificationTemplate.values()) {
			Map<String, String> params = new java.util.HashMap<>();
			template.requiredParams().forEach(p -> params.put(p, "value-of-" + p));
			for (Locale locale : NotificationConfiguration.LOCALES) {
				Rendered rendered = renderer.render(template, locale, params);
				assertThat(rendered.subject()).as("%s %s", template, locale).isNotBlank().doesNotContain("${", "\n");
				assertThat(rendered.text()).as("%s %s", template, locale).doesNotContain("${", "[(");
				assertThat(rendered.html()).as("%s %s", template, locale).startsWith("<!DOCTYPE html>").doesNotContain("th:");
				template.requiredParams()
					.forEach(p -> assertThat(rendered.text() + rendered.subject()).contains("value-of-" + p));
			}
		}
	}

	@Test
	void aLanguageWithoutTemplatesFallsBackToItsLanguageThenToTheDefault() {
		assertThat(renderer.locale("en-GB")).isEqualTo(Locale.ENGLISH);
		assertThat(renderer.locale("zh-TW").toLanguageTag()).isEqualTo("zh-CN");
		assertThat(renderer.locale("fr").toLanguageTag()).isEqualTo("zh-CN");
		assertThat(renderer.locale(null).toLanguageTag()).isEqualTo("zh-CN");
		assertThat(new NotificationRenderer(NotificationConfiguration.LOCALES, Locale.ENGLISH).locale("fr"))
			.isEqualTo(Locale.ENGLISH);
	}

	@Test
	void htmlEscapesParametersAndPlainTextKeepsThem() {
		Rendered rendered = renderer.render(NotificationTemplate.GENERIC, Locale.ENGLISH,
				Map.of("subject", "<b>Hi</b> & bye", "body", "<script>alert(1)</script>"));

		assertThat(rendered.subject()).isEqualTo("<b>Hi</b> & bye");
		assertThat(rendered.text()).contains("<script>alert(1)</script>");
		assertThat(rendered.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
	}

}
