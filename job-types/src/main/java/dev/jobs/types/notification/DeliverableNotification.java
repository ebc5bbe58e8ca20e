package dev.jobs.types.notification;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The notification can be delivered: its recipient exists and fits the channel, its template's
 * parameters are all there, its locale is a language tag. Each problem names its field
 * ({@code recipient}, {@code params.<name>}, {@code locale}), so a submission over REST answers 400
 * pointing at it.
 */
@Documented
@Constraint(validatedBy = NotificationPayloadValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface DeliverableNotification {

	String message() default "is not deliverable";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
