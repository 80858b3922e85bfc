Feature: The kiosk in English (testers may write scenarios in English too)

  Scenario: A visitor switches to English and looks for a procedure
    Given the kiosk waits on the welcome screen
    When the citizen taps "English"
    And the citizen taps "Find a procedure"
    And the citizen types "khai sinh"
    Then the screen shows "Birth registration"
    And the screen does not show "Tìm thủ tục hành chính"
