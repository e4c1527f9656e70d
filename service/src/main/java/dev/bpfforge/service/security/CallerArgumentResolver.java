package dev.bpfforge.service.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets a controller method take the request's {@link Caller} as a parameter. */
@Configuration
class CallerArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {
  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType().equals(Caller.class);
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
      WebDataBinderFactory binders) {
    Caller caller = Caller.of(request.getNativeRequest(HttpServletRequest.class));
    if (caller == null) {
      // Only a path an AnonymousAccess rule opened gets here without a caller; its handler must not ask for one.
      throw new UnauthenticatedException("Send a token: Authorization: Bearer <token>.");
    }
    return caller;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(this);
  }
}
