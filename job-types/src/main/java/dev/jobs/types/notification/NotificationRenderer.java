package dev.jobs.types.notification;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Writes a notification in the recipient's language: subject, plain text and HTML from the Thymeleaf
 * templates under {@code notification-templates/<locale>/}. Its own template engine, apart from any
 * web views, so the application's Thymeleaf settings (if it has any) never change a mail.
 */
public class NotificationRenderer {

	private static final String ROOT = "notification-templates/";

	private final TemplateEngine html = engine(TemplateMode.HTML);

	private final TemplateEngine text = engine(TemplateMode.TEXT);

	private final List<Locale> supported;

	private final Locale fallback;

	/**
	 * @param supported the locales there are templates for, the first being the default
	 */
	public NotificationRenderer(List<Locale> supported, Locale defaultLocale) {
		this.supported = List.copyOf(supported);
		this.fallback = pick(defaultLocale, this.supported.get(0));
	}

	/** The subject, the plain text and the HTML of one notification. */
	public record Rendered(Locale locale, String subject, String text, String html) {
	}

	/**
	 * The best supported locale for a language tag: the same tag, else the same language, else the
	 * default.
	 */
	public Locale locale(String tag) {
		return (tag == null || tag.isBlank()) ? fallback : pick(Locale.forLanguageTag(tag), fallback);
	}

	public Rendered render(NotificationTemplate template, Locale locale, Map<String, String> params) {
		Context context = new Context(locale);
		params.forEach(context::setVariable);
		String base = ROOT + locale.toLanguageTag() + "/" + template.name();
		String subject = text.process(base + ".subject.txt", context).strip().replaceAll("\\s+", " ");
		return new Rendered(locale, subject, text.process(base + ".txt", context), html.process(base + ".html", context));
	}

	private Locale pick(Locale wanted, Locale otherwise) {
		for (Locale candidate : supported) {
			if (candidate.equals(wanted)) {
				return candidate;
			}
		}
		for (Locale candidate : supported) {
			if (candidate.getLanguage().equals(wanted.getLanguage())) {
				return candidate;
			}
		}
		return otherwise;
	}

	private static TemplateEngine engine(TemplateMode mode) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(NotificationRenderer.class.getClassLoader());
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCacheable(true);
		resolver.setCheckExistence(true);
		TemplateEngine engine = new TemplateEngine();
		engine.setTemplateResolver(resolver);
		return engine;
	}

}
