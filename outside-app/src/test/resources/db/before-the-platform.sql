-- The invoices application's own tables, as a team's database has them before it adds the job platform:
-- in public, one of them named job (the team's work orders), and no Flyway history table of any kind.
-- scripts/outside-app.sh runs this on a new database before the tests; the platform must start beside these
-- tables (its own are in the schema jobs) and leave them as they are (ExistingTablesTest).
create table customer (
    id   bigint primary key,
    name text   not null
);
create table job (
    id          bigint primary key,
    customer_id bigint not null references customer (id),
    description text   not null,
    done        boolean not null default false
);
insert into customer values (1, 'ACME'), (2, 'Globex');
insert into job values (1, 1, 'paint the fence', false), (2, 2, 'mow the lawn', true);
