"""Plans in a real browser: switching plans never carries one plan's fields into
another, saving twice works, and when two people save the same plan the later,
stale save is refused in plain words: no lost update."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import open_page, wait_idle

LIVE = '[data-testid="stElementContainer"]:not([data-stale="true"])'


def plan_form(page):
    return page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Save plan")
    )


def goal_box(page):
    return plan_form(page).locator(LIVE).get_by_role("textbox", name="Goal", exact=True)


def choose_plan(page, name: str) -> None:
    box = page.get_by_label("Plan", exact=True)
    box.click()
    box.press_sequentially(name[:20])
    try:
        page.get_by_role("option").filter(has_text=name).first.click(timeout=10_000)
    finally:
        shot(page, "plans-choose")
    wait_idle(page)
    expect(box).to_have_value(re.compile(re.escape(name[:30])))


def save_plan(page) -> None:
    wait_idle(page)
    plan_form(page).locator(LIVE).get_by_role("button", name="Save plan").click()
    wait_idle(page)


def create_plan(page, name: str, goal: str) -> None:
    page.get_by_text("New plan", exact=True).click()
    form = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Create plan")
    )
    form.get_by_label("Plan name").fill(name)
    form.get_by_role("textbox", name="Goal", exact=True).fill(goal)
    form.get_by_role("button", name="Create plan").click()
    wait_idle(page)


def test_switching_plans_and_saving_twice(page):
    open_page(page, "plans", "Plans")
    expect(goal_box(page)).to_have_value(re.compile("whole-child"))
    example_goal = goal_box(page).input_value()
    name = f"Attendance {uuid.uuid4().hex[:6]}"
    create_plan(page, name, "Every family knows why attendance matters.")
    name_box = plan_form(page).locator(LIVE).get_by_role("textbox", name="Name", exact=True)
    expect(name_box).to_have_value(name)
    expect(goal_box(page)).to_have_value("Every family knows why attendance matters.")
    shot(page, "plans-new-plan")

    # Save the new plan twice; each save confirms and keeps the other plan intact.
    goal_box(page).fill("First goal")
    save_plan(page)
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    goal_box(page).fill("Second goal")
    save_plan(page)
    expect(goal_box(page)).to_have_value("Second goal")
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0

    choose_plan(page, "Example: Whole-child well-being")
    expect(goal_box(page)).to_have_value(example_goal)
    choose_plan(page, name)
    expect(goal_box(page)).to_have_value("Second goal")

    # A reload comes back to the same workspace, and the saved goal is there.
    page.reload()
    page.get_by_role("heading", name="Plans").first.wait_for(timeout=60_000)
    wait_idle(page)
    choose_plan(page, name)
    expect(goal_box(page)).to_have_value("Second goal")
    shot(page, "plans-after-reload")
    assert page.dialogs == []


def test_two_people_save_the_same_plan_without_losing_either(browser, server):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in "AB"]
    try:
        alex, blair = (c.new_page() for c in contexts)
        for p in (alex, blair):
            p.base_url = server
            open_page(p, "plans", "Plans")
        name = f"Shared {uuid.uuid4().hex[:6]}"
        create_plan(alex, name, "Alex's first goal")
        blair.reload()
        blair.get_by_role("heading", name="Plans").first.wait_for(timeout=60_000)
        wait_idle(blair)
        choose_plan(blair, name)
        expect(goal_box(blair)).to_have_value("Alex's first goal")

        goal_box(alex).fill("Alex's saved goal")
        save_plan(alex)
        expect(alex.get_by_text("Plan saved.")).to_be_visible()
        goal_box(blair).fill("Blair's goal from a stale form")
        save_plan(blair)
        error = blair.locator('[data-testid="stAlertContentError"]')
        error.first.wait_for(timeout=30_000)
        assert "changed" in error.first.inner_text()
        shot(blair, "plans-stale-save-refused")
        # Blair's words are still in the form; Alex's save is intact.
        assert goal_box(blair).input_value() == "Blair's goal from a stale form"
        alex.reload()
        alex.get_by_role("heading", name="Plans").first.wait_for(timeout=60_000)
        wait_idle(alex)
        choose_plan(alex, name)
        expect(goal_box(alex)).to_have_value("Alex's saved goal")

        blair.get_by_role("button", name="Load the latest version").first.click()
        wait_idle(blair)
        expect(goal_box(blair)).to_have_value("Alex's saved goal")
        goal_box(blair).fill("Both goals, merged by Blair")
        save_plan(blair)
        expect(blair.get_by_text("Plan saved.")).to_be_visible()
        assert blair.locator('[data-testid="stAlertContentError"]').count() == 0
        alex.reload()
        alex.get_by_role("heading", name="Plans").first.wait_for(timeout=60_000)
        wait_idle(alex)
        choose_plan(alex, name)
        expect(goal_box(alex)).to_have_value("Both goals, merged by Blair")
    finally:
        for c in contexts:
            c.close()
