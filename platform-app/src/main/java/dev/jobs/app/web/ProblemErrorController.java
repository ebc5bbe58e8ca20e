package dev.jobs.app.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every error that reaches the error page ({@code sendError} from a filter, the firewall, the
 * servlet container) answers as an RFC 9457 problem, like the API's own errors, whatever the
 * request's Accept header says. Replaces Spring Boot's JSON/HTML error page, which showed neither
 * the problem type nor a useful detail.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (code instanceof Integer value && value >= 400) ? value : 500;
		response.reset();
		Problems.writeForStatus(response, status, request.getMethod());
	}

}
