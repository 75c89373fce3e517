"""The names of concepts every surface shows (the app, the command line, the report, the
export, the paperwork), each defined once: score categories, grades, outcomes, ratings,
checklist answers, improvement states, milestones and drill types. Look them up through
:mod:`sim.i18n.concepts` where a helper exists."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    # --- score categories (the four parts of the score) ----------------------------------
    "cat_reporting": ("信息报告", "reporting"),
    "cat_evacuation": ("疏散撤离", "evacuation"),
    "cat_early_response": ("先期处置", "early response"),
    "cat_outcome": ("处置结果", "outcome"),
    # --- grades of the total (优/良/一般/差) ---------------------------------------------
    "grade_excellent": ("优", "excellent"),
    "grade_good": ("良", "good"),
    "grade_fair": ("一般", "fair"),
    "grade_poor": ("差", "poor"),
    # --- an expectation's outcome, and a session's state -------------------------------
    "status_met": ("按时", "on time"),
    "status_late": ("超时", "late"),
    "status_missed": ("未完成", "missed"),
    "status_violated": ("已发生", "committed"),
    "status_avoided": ("已避免", "avoided"),
    "status_not_applicable": ("不适用", "not applicable"),
    "status_running": ("未结束", "unfinished"),
    "status_finished": ("已结束", "finished"),
    # --- HSEEP performance ratings (P/S/M/U) -------------------------------------------
    "rating_P": ("顺利完成", "performed without challenges"),
    "rating_S": ("完成，有一些问题", "performed with some challenges"),
    "rating_M": ("完成，问题较大", "performed with major challenges"),
    "rating_U": ("未能完成", "unable to be performed"),
    "rating_lettered": ("{letter}：{rating}", "{letter}: {rating}"),
    # --- checklist answers -------------------------------------------------------------
    "check_yes": ("✓ 是", "✓ yes"),
    "check_partial": ("◐ 部分", "◐ partly"),
    "check_no": ("✗ 否", "✗ no"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    # --- the after-action debrief ------------------------------------------------------
    "debrief": ("讲评", "Debrief"),
    # --- improvement-plan items --------------------------------------------------------
    "improvement_open": ("未开始", "open"),
    "improvement_in_progress": ("进行中", "in progress"),
    "improvement_done": ("已完成", "done"),
    # --- milestones the engine and the hazard models log ------------------------------
    "ms_evacuation_complete": ("全部人员已撤离到安全地点", "everyone is out and safe"),
    "ms_everyone_alerted": ("所有人员均已收到警报", "everyone has been alerted"),
    "ms_first_casualty": ("出现第一名伤亡人员", "the first casualty"),
    "ms_all_rescued": ("被困人员已全部救出", "everyone trapped has been rescued"),
    "ms_source_isolated": ("泄漏源已切断", "the source is isolated"),
    "ms_release_ended": ("泄漏已结束（库存耗尽）", "the release has ended (inventory gone)"),
    "ms_plume_offsite": ("毒气扩散到厂界外", "plume reached beyond the site"),
    "ms_detector_alarm_1": ("气体检测器一级报警", "a gas detector's first alarm"),
    "ms_detector_alarm_2": ("气体检测器二级报警", "a gas detector's second alarm"),
    "ms_alarm_25": ("可燃气体一级报警（25% LEL）", "gas alarm level 1 (25% LEL)"),
    "ms_alarm_50": ("可燃气体二级报警（50% LEL）", "gas alarm level 2 (50% LEL)"),
    "ms_lel_reached": ("浓度达到爆炸下限", "the gas reached its lower explosive limit"),
    "ms_main_isolated": ("燃气总阀已关闭", "gas main isolated"),
    "ms_ignition": ("可燃气体被点燃", "the gas ignited"),
    "ms_smoke_detected": ("探测到烟雾", "smoke detected"),
    "ms_sprinklers_operated": ("喷淋启动", "sprinklers operated"),
    "ms_flashover": ("发生轰燃", "flashover"),
    "ms_fire_controlled": ("火势得到控制", "fire under control"),
    "ms_extinguished": ("火已扑灭", "fire extinguished"),
    "ms_crane_made_safe": ("起重机已处于安全状态", "crane made safe"),
    "ms_work_stopped": ("作业已全部停止", "all work stopped"),
    "ms_stabilised": ("结构已加固稳定", "structure stabilised"),
    "ms_explosion": ("发生爆炸", "an explosion"),
    "ms_fire_out": ("火已扑灭", "the fire is out"),
    "ms_secondary_collapse": ("发生二次坍塌", "a secondary collapse"),
    # --- drill types of the safety-production campaign statistics ----------------------
    "dc_hazmat_vehicle_leak": ("危险化学品运输车辆泄漏", "hazardous-chemical vehicle leak"),
    "dc_scaffold_crane_collapse": ("脚手架和起重机械坍塌", "scaffold and crane collapse"),
    "dc_oil_gas_pipeline_leak": ("油气管线泄漏", "oil and gas pipeline leak"),
    "dc_hotel_scenic_spot": ("宾馆景点", "hotel and scenic spot"),
    "dc_special_equipment": ("特种设备", "special equipment"),
    "dc_water_traffic": ("水上交通", "water traffic"),
    "dc_mine": ("矿山", "mine"),
    "dc_hazardous_chemicals": ("危险化学品（生产储存场所）", "hazardous chemicals (fixed site)"),
    "dc_fireworks": ("烟花爆竹", "fireworks"),
    "dc_combustible_dust": ("粉尘涉爆", "combustible dust"),
    "dc_city_gas": ("城镇燃气", "city gas"),
    "dc_fire": ("火灾", "fire"),
    "dc_evacuation": ("疏散", "evacuation"),
    "dc_other": ("其他", "other"),
}
