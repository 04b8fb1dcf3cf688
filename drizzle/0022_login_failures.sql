CREATE TABLE `login_failures` (
	`user_id` integer NOT NULL,
	`day` text NOT NULL,
	`failures` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "login_failure_day" CHECK(day is not null and (day is null or (date(day) = day and day between '1990-01-01' and '2100-12-31'))),
	CONSTRAINT "login_failure_count" CHECK(typeof(failures) = 'integer' and failures >= 1)
);
--> statement-breakpoint
CREATE INDEX `login_failures_day_idx` ON `login_failures` (`day`);