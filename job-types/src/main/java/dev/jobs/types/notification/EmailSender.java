package dev.jobs.types.notification;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.jobs.core.NonRetryableJobException;
import dev.jobs.types.notification.NotificationRenderer.Rendered;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends one rendered notification as a {@code multipart/alternative} mail (plain text, then HTML),
 * and turns the mail library's failures into messages that say which server did what.
 */
class EmailSender {

	private final JavaMailSender mail;

	private final InternetAddress from;

	EmailSender(JavaMailSender mail, InternetAddress from) {
		this.mail = mail;
		this.from = from;
	}

	/**
	 * Sends the mail. Its Message-ID is derived from the job, so that in the rare case a job sends twice
	 * (see {@link NotificationDeliveries.Claim#UNRECORDED}) the copies are recognisably the same message.
	 * @return the Message-ID (also when the server took the mail and only closing the connection failed)
	 * @throws NotificationDeliveryException if the server could not be reached or refused the mail before
	 * taking it (worth a retry: nothing was delivered)
	 * @throws MailOutcomeUnknownException if the whole message was sent and the server's answer was lost
	 * (timeout, reset): it may have been delivered
	 * @throws NonRetryableJobException if the server refused the recipient address
	 */
	String send(UUID jobId, String to, Rendered message) {
		String messageId = "<" + jobId + ".notification@" + domain(from.getAddress()) + ">";
		try {
			MimeMessage mime = mail.createMimeMessage();
			mime.setFrom(from);
			mime.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
			mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
			mime.setHeader("Content-Language", message.locale().toLanguageTag());
			mime.setHeader("Message-ID", messageId);
			MimeBodyPart text = new MimeBodyPart();
			text.setText(message.text(), StandardCharsets.UTF_8.name(), "plain");
			MimeBodyPart html = new MimeBodyPart();
			html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
			// Readers show the last part they understand: plain text first, HTML last.
			MimeMultipart alternative = new MimeMultipart("alternative");
			alternative.addBodyPart(text);
			alternative.addBodyPart(html);
			mime.setContent(alternative);
			mail.send(mime);
			return messageId;
		}
		catch (MessagingException ex) {
			throw new NonRetryableJobException("Could not build the mail to " + to + ": " + ex.getMessage(), ex);
		}
		catch (MailException ex) {
			if (acceptedThenCloseFailed(ex)) {
				// The server answered 250 to the message; only QUIT failed. The mail is sent.
				return messageId;
			}
			if (answerLostAfterTheMessage(ex)) {
				throw new MailOutcomeUnknownException(describe(ex) + " (after the whole message was sent: it may "
						+ "or may not have been delivered)", messageId, ex);
			}
			SendFailedException refused = find(ex, SendFailedException.class);
			if (refused != null && refused.getInvalidAddresses() != null && refused.getInvalidAddresses().length > 0) {
				throw new NonRetryableJobException(describe(ex), ex);
			}
			throw new NotificationDeliveryException(describe(ex), ex);
		}
	}

	/**
	 * Whether the server's answer to the end of the message (the final "." of DATA, or the last BDAT
	 * chunk) was lost to the connection: a timeout, a reset, an end of stream while waiting for it. A
	 * definite answer (a 4xx or 5xx reply) is a refusal, not this. Told by where the mail library was
	 * when the failure arose: its {@code finishData}/{@code finishBdat} step, after all the message
	 * went out.
	 */
	static boolean answerLostAfterTheMessage(Throwable ex) {
		boolean afterMessage = false;
		boolean connectionLost = false;
		int depth = 0;
		for (Throwable t = ex; t != null && depth++ < 20; t = nextCause(t)) {
			afterMessage |= inFrame(t, "finishData") || inFrame(t, "finishBdat");
			connectionLost |= t instanceof java.io.IOException
					|| (t.getMessage() != null && t.getMessage().contains("[EOF]"));
		}
		return afterMessage && connectionLost;
	}

	/**
	 * Whether the message itself went through and only closing the connection (QUIT) failed: Spring's
	 * mail sender reports that as a failure with no failed message.
	 */
	static boolean acceptedThenCloseFailed(MailException ex) {
		return ex instanceof org.springframework.mail.MailSendException send && send.getFailedMessages().isEmpty()
				&& send.getMessage() != null
				&& send.getMessage().startsWith("Failed to close server connection after message sending");
	}

	private static boolean inFrame(Throwable t, String method) {
		for (StackTraceElement frame : t.getStackTrace()) {
			if (frame.getMethodName().equals(method) && frame.getClassName().endsWith("SMTPTransport")) {
				return true;
			}
		}
		return false;
	}

	/** What went wrong, naming the server, e.g. "SMTP server localhost:2525 refused the connection: ...". */
	String describe(MailException ex) {
		String server = "SMTP server " + server();
		String cause = rootMessage(ex);
		if (find(ex, ConnectException.class) != null) {
			return server + " refused the connection: " + cause;
		}
		if (find(ex, SocketTimeoutException.class) != null) {
			return server + " did not answer in time: " + cause;
		}
		if (find(ex, UnknownHostException.class) != null) {
			return server + " is an unknown host: " + cause;
		}
		if (ex instanceof MailAuthenticationException) {
			return server + " refused the credentials (spring.mail.username/password): " + cause;
		}
		if (find(ex, SendFailedException.class) != null) {
			return server + " refused the message: " + cause;
		}
		if (find(ex, java.net.SocketException.class) != null) {
			return server + " dropped the connection: " + cause;
		}
		return server + " could not take the mail: " + cause;
	}

	private String server() {
		if (mail instanceof JavaMailSenderImpl impl) {
			return impl.getHost() + ":" + ((impl.getPort() > 0) ? impl.getPort() : 25);
		}
		return "(" + mail.getClass().getSimpleName() + ")";
	}

	private static String domain(String address) {
		int at = address.lastIndexOf('@');
		return (at >= 0) ? address.substring(at + 1) : "localhost";
	}

	private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		int depth = 0;
		for (Throwable t = ex; t != null && depth++ < 20; t = nextCause(t)) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

	/** jakarta.mail keeps the cause of a MessagingException in getNextException as well. */
	private static Throwable nextCause(Throwable t) {
		if (t.getCause() != null && t.getCause() != t) {
			return t.getCause();
		}
		if (t instanceof MessagingException messaging) {
			return messaging.getNextException();
		}
		if (t instanceof org.springframework.mail.MailSendException send && !send.getFailedMessages().isEmpty()) {
			return send.getFailedMessages().values().iterator().next();
		}
		return null;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		int depth = 0;
		for (Throwable t = ex; t != null && depth++ < 20; t = nextCause(t)) {
			root = t;
		}
		String message = root.getMessage();
		return (message != null) ? message : root.getClass().getSimpleName();
	}

}
