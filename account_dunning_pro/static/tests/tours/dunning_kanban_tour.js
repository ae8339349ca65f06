/* Copyright 2026 account_dunning_pro authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * A credit controller works the follow-up kanban: Invoicing › Customers ›
 * Follow-up opens as a board by level, each customer in its column; a card is
 * dragged to another level; a reminder is sent from a card after its preview, and
 * found in the customer's chase history; without an error.
 *
 * Data (from tests/test_dunning_kanban_tour.py):
 * `{columns: [{title, cards}], drag: {name, to}, send: {name, level, channels}}`:
 * `columns` lists columns by title (in their order on the board) with the names of
 * their cards, `drag` moves the card of `name` to the column titled `to`, `send`
 * sends `name`'s due reminder, of `level`, by `channels`.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    check,
    openCustomersMenu,
    textOf,
    walkSteps,
    watchErrorDialogs,
} from "./dunning_tour_utils";

const BOARD = ".o_account_dunning_followup_kanban";

/** The card of `name`, as a selector. */
function card(name) {
    return `.o_kanban_record:contains('${name}')`;
}

/** The columns of the board, and the index of the one whose title starts with `title`. */
function findColumn(title) {
    const groups = [...document.querySelectorAll(`${BOARD} .o_kanban_group`)];
    const titles = groups.map((group) => textOf(group.querySelector(".o_column_title")));
    return { groups, titles, index: titles.findIndex((shown) => shown.startsWith(title)) };
}

function cardNames(group) {
    return [...group.querySelectorAll(".o_kanban_record .o_dunning_customer")].map(textOf);
}

/** Wait until `condition()` holds (false after `timeout` ms). */
async function waitUntil(condition, timeout = 5000) {
    const start = Date.now();
    while (Date.now() - start < timeout) {
        if (condition()) {
            return true;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
}

function checkColumns(columns) {
    return {
        content: "each customer in the column of its level",
        trigger: `${BOARD} .o_kanban_record`,
        run() {
            let position = -1;
            for (const { title, cards } of columns) {
                const { groups, titles, index } = findColumn(title);
                check(index >= 0, `no column ${title} among ${titles.join(" | ")}`);
                check(
                    index > position,
                    `the column ${title} is out of order: ${titles.join(" | ")}`,
                );
                position = index;
                const shown = cardNames(groups[index]);
                check(
                    JSON.stringify(shown) === JSON.stringify(cards),
                    `column ${title}: ${shown.join(", ") || "no card"} shown, ` +
                        `${cards.join(", ") || "no card"} expected`,
                );
            }
        },
    };
}

function dragCard({ name, to }) {
    return [
        {
            content: `drag ${name} to ${to}`,
            trigger: `${BOARD} ${card(name)}`,
            async run({ drag_and_drop }) {
                const { titles, index } = findColumn(to);
                check(index >= 0, `no column ${to} among ${titles.join(" | ")}`);
                await drag_and_drop(`${BOARD} .o_kanban_group:eq(${index})`);
            },
        },
        {
            content: `${name} is at ${to}`,
            trigger: `${BOARD} .o_kanban_group`,
            async run() {
                const moved = await waitUntil(() => {
                    const { groups, index } = findColumn(to);
                    return cardNames(groups[index]).includes(name);
                });
                const shown = findColumn(to);
                check(
                    moved,
                    `${name} is not at ${to}: ${cardNames(shown.groups[shown.index]).join(", ")}`,
                );
                const count = shown.groups.flatMap(cardNames).filter((n) => n === name).length;
                check(count === 1, `${count} cards of ${name} on the board`);
            },
        },
    ];
}

function sendFromCard({ name, level, channels }) {
    return [
        {
            content: `open the quick actions of ${name}`,
            trigger: `${BOARD} ${card(name)}`,
            run: `hover && click ${BOARD} ${card(name)} .o_dropdown_kanban .dropdown-toggle`,
        },
        {
            content: "send the reminder now",
            trigger: ".dropdown-menu .dropdown-item[name=action_dunning_send_now]",
            run: "click",
        },
        {
            content: "the preview shows the customer, the level and the channels",
            trigger: ".modal .o_field_widget[name=preview_html] table",
            run() {
                const preview = textOf(this.anchor);
                for (const expected of [name, level, ...channels]) {
                    check(
                        preview.includes(expected),
                        `"${expected}" not in the preview: ${preview}`,
                    );
                }
            },
        },
        {
            content: "send",
            trigger: ".modal button[name=action_send]",
            run: "click",
        },
        {
            content: "the reminder is sent",
            trigger: ".o_form_view .o_field_widget[name=status]:contains(Sent)",
        },
        {
            content: "back to the follow-up",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: `open ${name}`,
            trigger: `${BOARD} ${card(name)} .o_dunning_customer`,
            run: "click",
        },
        {
            content: `${name}: open the Dunning tab`,
            trigger: ".o_form_view .o_notebook .nav-link[name=dunning]",
            run: "click",
        },
        {
            content: `${name}: the reminder sent is in its chase history`,
            trigger: `.o_notebook .tab-pane.active .o_field_widget[name=dunning_event_ids] .o_data_row:contains("${level}")`,
            run() {
                const row = this.anchor;
                check(
                    textOf(row.querySelector("td[name=status]")).includes("Sent"),
                    `${name}: the reminder of ${level} is not shown as sent: ${textOf(row)}`,
                );
            },
        },
    ];
}

registry.category("web_tour.tours").add("account_dunning_pro_kanban_walk", {
    steps: () =>
        walkSteps((data) => [
            watchErrorDialogs(),
            ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
            ...openCustomersMenu(
                "account_dunning_pro.account_dunning_followup_menu",
                "Follow-up",
                "kanban",
            ),
            checkColumns(data.columns),
            ...dragCard(data.drag),
            ...sendFromCard(data.send),
        ]),
});
