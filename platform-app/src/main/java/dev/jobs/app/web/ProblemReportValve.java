package dev.jobs.app.web;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat refuses some requests before any servlet sees them (a raw {@code [} in the query, an
 * encoded {@code /} or NUL in the path). Its default error report is an HTML page; this one is an
 * RFC 9457 problem like every other error of the service.
 */
class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		try {
			response.resetBuffer();
			Problems.writeForStatus(response, status, request.getMethod());
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone, or the response was committed meanwhile: nothing left to tell it
		}
	}

}
