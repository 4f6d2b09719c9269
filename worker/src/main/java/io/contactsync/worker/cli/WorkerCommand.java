package io.contactsync.worker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.contactsync.worker.replay.OperatorCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.UnmatchedArgumentException;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The worker's command line: {@code run} (the default), the operator commands,
 * {@code help} and {@code --version}. Arguments a command does not know, Spring
 * properties such as {@code --spring.kafka.bootstrap-servers=...}, pass through to the
 * application. Every command that starts the application checks first that the services
 * it needs answer ({@link StartupCheck}).
 */
@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = WorkerCommand.Version.class,
		description = { "The contact-sync worker: merges contact upsert commands into MongoDB and publishes "
				+ "contact events. Without a command, it runs the worker." },
		customSynopsis = { "worker [run] [--<property>=<value>...]",
				"       worker <command> [<options>] [--<property>=<value>...]", "       worker help [<command>]" })
public final class WorkerCommand implements Callable<Integer> {

	private final Supplier<SpringApplicationBuilder> application;

	private final Reported reported = new Reported();

	private boolean running;

	@Spec
	CommandSpec spec;

	@Unmatched
	List<String> springArgs = new ArrayList<>();

	/**
	 * A command line.
	 * @param application builds the worker's application, unstarted
	 */
	WorkerCommand(Supplier<SpringApplicationBuilder> application) {
		this.application = application;
	}

	/**
	 * Runs a command line.
	 * @param application the worker's Spring Boot application class
	 * @param args the arguments
	 * @return the exit code, or empty when the worker runs on (its threads keep the JVM
	 * alive until it is stopped)
	 */
	public static OptionalInt execute(Class<?> application, String... args) {
		return new WorkerCommand(() -> new SpringApplicationBuilder(application)).execute(args);
	}

	OptionalInt execute(String... args) {
		int exitCode = commandLine().execute(args);
		return this.running ? OptionalInt.empty() : OptionalInt.of(exitCode);
	}

	/** This command with its subcommands, ready to execute. */
	CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(this);
		commandLine.addSubcommand(new Run());
		// More operator commands (erase, export, ...) are added here, each with its
		// package's own factory.
		OperatorCommands.commands(this::checkedApplication).forEach(commandLine::addSubcommand);
		commandLine.addSubcommand(new CommandLine.HelpCommand());
		// Spring arguments pass through as they are: no @file expansion.
		commandLine.setExpandAtFiles(false);
		commandLine.setExecutionExceptionHandler((ex, failed, parseResult) -> {
			if (this.reported.contains(ex)) {
				return failed.getCommandSpec().exitCodeOnExecutionException();
			}
			throw ex;
		});
		String[] properties = MainProperties.usage();
		for (CommandLine command : withSubcommands(commandLine)) {
			if (!(command.getCommand() instanceof CommandLine.HelpCommand)) {
				command.getCommandSpec().versionProvider(new Version());
				command.getCommandSpec()
					.usageMessage()
					.footerHeading("%nMain properties, with their defaults (also settable as environment variables,%n"
							+ "such as SPRING_MONGODB_URI):%n")
					.footer(properties);
			}
		}
		return commandLine;
	}

	@Override
	public Integer call() {
		return run(this.spec, this.springArgs);
	}

	/** Starts the worker; it runs on after this returns. */
	private int run(CommandSpec command, List<String> springArgs) {
		// Spring arguments are --name=value; anything else is a mistyped command.
		springArgs.stream().filter((arg) -> !arg.startsWith("--")).findFirst().ifPresent((other) -> {
			throw new UnmatchedArgumentException(command.commandLine(), List.of(other));
		});
		checkedApplication().run(springArgs.toArray(String[]::new));
		this.running = true;
		return 0;
	}

	/**
	 * The worker's application, checked at start-up; the commands configure and start it.
	 */
	private SpringApplicationBuilder checkedApplication() {
		return this.application.get().listeners(new StartupCheck(), this.reported);
	}

	private static List<CommandLine> withSubcommands(CommandLine commandLine) {
		List<CommandLine> all = new ArrayList<>(List.of(commandLine));
		all.addAll(commandLine.getSubcommands().values());
		return all;
	}

	@Command(name = "run", mixinStandardHelpOptions = true,
			description = { "Runs the worker (the default): merges the command topic into MongoDB and publishes "
					+ "events until stopped (SIGTERM, Ctrl-C)." })
	static final class Run implements Callable<Integer> {

		@ParentCommand
		WorkerCommand worker;

		@Spec
		CommandSpec spec;

		@Unmatched
		List<String> springArgs = new ArrayList<>();

		@Override
		public Integer call() {
			return this.worker.run(this.spec, this.springArgs);
		}

	}

	/**
	 * Failures Spring Boot has reported already, analyzed or with their stack trace:
	 * picocli need not print them again.
	 */
	static final class Reported implements ApplicationListener<ApplicationFailedEvent> {

		private final Set<Throwable> failures = ConcurrentHashMap.newKeySet();

		@Override
		public void onApplicationEvent(ApplicationFailedEvent event) {
			this.failures.add(event.getException());
		}

		boolean contains(Throwable failure) {
			return this.failures.contains(failure);
		}

	}

	/** The worker's version from the jar's Maven descriptor, and what it runs on. */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			return new String[] { "contact-sync worker " + workerVersion(),
					"Spring Boot " + SpringBootVersion.getVersion() + ", Java " + Runtime.version() };
		}

		static String workerVersion() {
			// Maven puts the descriptor in the jar; classes run from an IDE or an
			// image have none.
			try (InputStream descriptor = WorkerCommand.class
				.getResourceAsStream("/META-INF/maven/io.contactsync/worker/pom.properties")) {
				if (descriptor != null) {
					Properties properties = new Properties();
					properties.load(descriptor);
					return properties.getProperty("version", "(unknown version)");
				}
			}
			catch (IOException ex) {
				// as if there were none
			}
			return "(unknown version: not run from the built jar)";
		}

	}

}
