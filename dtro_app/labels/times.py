"""Labels for when a regulation applies: days, months, weeks, special days and events."""

from __future__ import annotations

DAYS: dict[str, str] = {
    "monday": "Monday",
    "tuesday": "Tuesday",
    "wednesday": "Wednesday",
    "thursday": "Thursday",
    "friday": "Friday",
    "saturday": "Saturday",
    "sunday": "Sunday",
}

MONTHS: dict[str, str] = {
    "january": "January",
    "february": "February",
    "march": "March",
    "april": "April",
    "may": "May",
    "june": "June",
    "july": "July",
    "august": "August",
    "september": "September",
    "october": "October",
    "november": "November",
    "december": "December",
}

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")

PUBLIC_EVENTS: dict[str, str] = {
    "agriculturalShow": "Agricultural show",
    "airShow": "Air show",
    "artEvent": "Art event",
    "athleticsMeeting": "Athletics meeting",
    "ballGame": "Ball game",
    "baseballGame": "Baseball game",
    "basketballGame": "Basketball game",
    "beerFestival": "Beer festival",
    "bicycleRace": "Cycle race",
    "boatRace": "Boat race",
    "boatShow": "Boat show",
    "boxingTournament": "Boxing tournament",
    "bullFight": "Bullfight",
    "ceremonialEvent": "Ceremonial event",
    "commercialEvent": "Commercial event",
    "concert": "Concert",
    "cricketMatch": "Cricket match",
    "culturalEvent": "Cultural event",
    "exhibition": "Exhibition",
    "fair": "Fair",
    "festival": "Festival",
    "filmFestival": "Film festival",
    "filmTVMaking": "Filming for film or television",
    "fireworkDisplay": "Firework display",
    "flowerEvent": "Flower event",
    "foodFestival": "Food festival",
    "footballMatch": "Football match",
    "funfair": "Funfair",
    "gardeningOrFlowerShow": "Gardening or flower show",
    "golfTournament": "Golf tournament",
    "hockeyGame": "Hockey match",
    "horseRaceMeeting": "Horse racing meeting",
    "internationalSportsMeeting": "International sports meeting",
    "majorEvent": "Major event",
    "marathon": "Marathon",
    "market": "Market",
    "match": "Match",
    "motorShow": "Motor show",
    "motorSportRaceMeeting": "Motor racing meeting",
    "openAirConcert": "Open-air concert",
    "parade": "Parade",
    "procession": "Procession",
    "raceMeeting": "Race meeting",
    "rugbyMatch": "Rugby match",
    "severalMajorEvents": "Several major events",
    "show": "Show",
    "showJumping": "Show jumping",
    "soundAndLightShow": "Sound and light show",
    "sportsMeeting": "Sports meeting",
    "stateOccasion": "State occasion",
    "streetFestival": "Street festival",
    "tennisTournament": "Tennis tournament",
    "theatricalEvent": "Theatre event",
    "tournament": "Tournament",
    "tradeFair": "Trade fair",
    "waterSportsMeeting": "Water sports meeting",
    "wineFestival": "Wine festival",
    "winterSportsMeeting": "Winter sports meeting",
    "other": "Other event",
    "unknown": "Event not known",
}

TIMES_3_4_0: dict[str, dict[str, str]] = {
    "dayType": DAYS,
    "monthType": MONTHS,
    "weekInMonthType": {f"{o}Week": f"{o.capitalize()} week" for o in _ORDINALS},
    "calendarWeekInMonthType": {
        f"{o}WeekOfMonth": f"{o.capitalize()} calendar week of the month" for o in _ORDINALS
    },
    "instanceOfDayInMonth": {
        f"{o}Instance": f"{o.capitalize()} in the month (for example, the {o} Monday)"
        for o in _ORDINALS[:5]
    },
    "specialDayType": {
        "publicHoliday": "Public holiday (bank holiday)",
        "goodFriday": "Good Friday",
        "easter": "Easter",
        "schoolDay": "School day",
        "nonSchoolDay": "Day when schools are closed",
        "marketDay": "Market day",
        "matchDay": "Match day",
        "eventDay": "Event day",
        "other": "Other special day",
    },
    "changeableTimeType": {
        "dawn": "Dawn",
        "dusk": "Dusk",
        "holiday": "Holiday",
        "external": "Set by an outside event",
    },
    "eventType": {
        "start": "Start",
        "stop": "End",
    },
    "publicEventType": PUBLIC_EVENTS,
}
