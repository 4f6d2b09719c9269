package io.contactsync.devstack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link DevStack} per test JVM, on free ports, the first time a test class
 * needs it, and stops it when the JVM exits. Test classes either declare
 * {@code @ExtendWith(DevStackExtension.class)} and take a {@link DevStack} parameter, or
 * call {@link #shared()} (e.g. from a Spring {@code @DynamicPropertySource}).
 *
 * <p>
 * Give each test its own topics and consumer groups: the stack is shared.
 */
public final class DevStackExtension implements BeforeAllCallback, ParameterResolver {

	private static DevStack stack;

	/** The stack of this JVM, started on first use. */
	public static synchronized DevStack shared() {
		if (stack == null) {
			DevStack started = DevStack.start(DevStack.Settings.ephemeral());
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-shutdown"));
			stack = started;
		}
		return stack;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		shared();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == DevStack.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return shared();
	}

}
