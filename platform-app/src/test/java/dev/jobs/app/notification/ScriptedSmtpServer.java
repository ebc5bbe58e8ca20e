package dev.jobs.app.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A tiny SMTP server on a real socket that speaks just enough SMTP for Jakarta Mail, and misbehaves on
 * purpose at the moment that matters: after it has received the whole message (the final "."), when a
 * real server has taken the mail. Each connection takes the next {@link Ending} from the script; once
 * the script is used up it answers {@code 250} as a good server does. It records every message it
 * received in full, whatever it answered.
 */
final class ScriptedSmtpServer implements AutoCloseable {

	/** What the server does once it has the whole message. */
	enum Ending {

		/** Answers 250 at once. */
		ACCEPT,
		/** Answers 250 only after the client gave up waiting (its read timeout) and closed the connection. */
		ACCEPT_AFTER_CLIENT_TIMEOUT,
		/** Resets the connection (TCP RST) instead of answering. */
		RESET_AFTER_DATA,
		/** Resets the connection when asked for RCPT, before any message was sent. */
		RESET_BEFORE_DATA,
		/** Answers 250 to the message, then resets the connection at QUIT. */
		RESET_AT_QUIT

	}

	private final ServerSocket socket;

	private final Queue<Ending> script;

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private final Runnable afterClose;

	/**
	 * @param afterClose run when this server closed (e.g. starting again the server it stood in for)
	 */
	ScriptedSmtpServer(int port, Runnable afterClose, Ending... script) {
		this.afterClose = afterClose;
		this.script = new ConcurrentLinkedQueue<>(List.of(script));
		try {
			this.socket = new ServerSocket();
			this.socket.setReuseAddress(true);
			this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen on port " + port, ex);
		}
		this.acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + port);
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/** The messages received in full (headers and body), in order. */
	List<String> received() {
		return received;
	}

	/** How many received messages carry this text (e.g. the job id in their Message-ID). */
	long receivedContaining(String text) {
		return received.stream().filter(m -> m.contains(text)).count();
	}

	private void acceptLoop() {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				Ending ending = script.poll();
				Thread session = new Thread(() -> converse(client, (ending != null) ? ending : Ending.ACCEPT),
						"scripted-smtp-session");
				session.setDaemon(true);
				session.start();
			}
			catch (IOException ex) {
				return; // closed
			}
		}
	}

	private void converse(Socket client, Ending ending) {
		try (client) {
			client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(60));
			BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
			OutputStream out = client.getOutputStream();
			reply(out, "220 scripted ESMTP ready");
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.toUpperCase(Locale.ROOT);
				if (command.startsWith("EHLO")) {
					reply(out, "250-scripted\r\n250 8BITMIME");
				}
				else if (command.startsWith("HELO") || command.startsWith("MAIL FROM") || command.startsWith("RSET")
						|| command.startsWith("NOOP")) {
					reply(out, "250 OK");
				}
				else if (command.startsWith("RCPT TO")) {
					if (ending == Ending.RESET_BEFORE_DATA) {
						reset(client);
						return;
					}
					reply(out, "250 OK");
				}
				else if (command.startsWith("DATA")) {
					reply(out, "354 End data with <CR><LF>.<CR><LF>");
					StringBuilder message = new StringBuilder();
					while ((line = in.readLine()) != null && !line.equals(".")) {
						message.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
					}
					if (line == null) {
						return; // the client went away mid-message: nothing was taken
					}
					// From here on a real server has the mail.
					received.add(message.toString());
					switch (ending) {
						case RESET_AFTER_DATA -> {
							reset(client);
							return;
						}
						case ACCEPT_AFTER_CLIENT_TIMEOUT -> {
							// Waits for the client to give up (its read timeout closes the connection),
							// then answers as a slow server would, into the void.
							waitForClose(client);
							try {
								reply(out, "250 OK queued (too late)");
							}
							catch (IOException ignored) {
								// the client is gone, as expected
							}
							return;
						}
						default -> reply(out, "250 OK queued");
					}
				}
				else if (command.startsWith("QUIT")) {
					if (ending == Ending.RESET_AT_QUIT) {
						reset(client);
						return;
					}
					reply(out, "221 bye");
					return;
				}
				else {
					reply(out, "502 not implemented");
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static void waitForClose(Socket client) {
		try {
			while (client.getInputStream().read() >= 0) {
				// the client sends nothing more while it waits for our answer; drain until it closes
			}
		}
		catch (IOException ex) {
			// closed or reset by the client
		}
	}

	private static void reset(Socket client) throws SocketException, IOException {
		client.setSoLinger(true, 0); // close with RST, not FIN
		client.close();
	}

	private static void reply(OutputStream out, String text) throws IOException {
		out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	@Override
	public void close() {
		try {
			socket.close();
			acceptor.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			afterClose.run();
		}
	}

}
